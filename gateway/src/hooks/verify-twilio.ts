import { createHash } from "node:crypto";
import { header, type RawRequest, refuse, type Verified } from "./delivery.js";

type Twilio = typeof import("twilio");

/**
 * X-Twilio-Signature, checked by the SDK's `validateRequest` (HMAC-SHA1 of the URL Twilio
 * called and the sorted form fields, under the account's auth token), or
 * `validateRequestWithBody` for JSON bodies (bodySHA256 in the URL). The delivery id is
 * I-Twilio-Idempotency-Token (kept by Twilio's retries), else the signature itself; the type
 * is message.<status> or call.<status>. Twilio signs no timestamp.
 */
export async function verifyTwilio(request: RawRequest, authToken: string): Promise<Verified> {
  const signature = header(request, "x-twilio-signature");
  if (!signature) {
    return refuse(
      400,
      "missing_signature",
      "no X-Twilio-Signature header: this is not a signed Twilio request",
    );
  }
  // Loaded on the first Twilio delivery: the SDK is large and most gateways never need it.
  const twilio = ((await import("twilio")) as unknown as { default: Twilio }).default;
  const text = request.body.toString("utf8");
  const form = (header(request, "content-type") ?? "").includes(
    "application/x-www-form-urlencoded",
  );
  const params = form ? Object.fromEntries(new URLSearchParams(text)) : {};
  const valid = form
    ? twilio.validateRequest(authToken, signature, request.url, params)
    : new URL(request.url).searchParams.has("bodySHA256") &&
      twilio.validateRequestWithBody(authToken, signature, request.url, text);
  if (!valid) {
    return refuse(
      401,
      "bad_signature",
      "X-Twilio-Signature does not match the URL and body with the account's auth token (TWILIO_AUTH_TOKEN); behind a proxy, set hooks.public_url to the URL Twilio calls",
    );
  }
  let event: Record<string, unknown> = params;
  if (!form) {
    try {
      event = JSON.parse(text);
    } catch {
      return refuse(400, "bad_request", "the body is neither form fields nor JSON");
    }
  }
  const id =
    header(request, "i-twilio-idempotency-token") ??
    createHash("sha256").update(signature).digest("hex").slice(0, 32);
  return { ok: true, delivery: { source: "twilio", id, type: twilioType(event), event } };
}

/** message.<status> for messaging callbacks (message.received for an inbound SMS), call.<status> for voice. */
function twilioType(event: Record<string, unknown>): string {
  const text = (key: string) =>
    typeof event[key] === "string" ? (event[key] as string) : undefined;
  if (text("MessageSid") || text("SmsSid")) {
    return `message.${text("MessageStatus") ?? text("SmsStatus") ?? "received"}`;
  }
  if (text("CallSid")) return `call.${text("CallStatus") ?? "ringing"}`;
  return "event";
}
