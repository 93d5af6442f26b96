import { createHmac } from "node:crypto";

/**
 * Twilio's request signature: HMAC-SHA1 with the auth token over the URL followed by every POST
 * parameter name and value, sorted by name, base64 (what the SDK's validateRequest checks).
 */
export function signature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

/** Only callbacks to this machine are posted: the sandbox never sends traffic elsewhere. */
function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}

/** Posts a status callback as Twilio does: form-encoded, signed with X-Twilio-Signature. */
export async function postCallback(
  authToken: string,
  url: string,
  params: Record<string, string>,
): Promise<void> {
  if (!isLoopback(url)) return;
  await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signature(authToken, url, params),
      "user-agent": "TwilioProxy/1.1",
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
}
