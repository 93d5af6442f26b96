import { randomUUID } from "node:crypto";
import { forward } from "./forward.js";
import type { S3Emulator } from "./s3.js";

/** S3's longest key, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/**
 * S3's REST-XML API in front of s3rver: refuses what S3 refuses before s3rver sees it (keys over
 * 1,024 bytes, with S3's KeyTooLongError), and answers with S3's ServiceUnavailable error, not a
 * stack trace per request, while the emulator is down or restarting.
 */
export async function s3Request(s3: S3Emulator, request: Request): Promise<Response> {
  const key = objectKey(new URL(request.url).pathname);
  if (key !== undefined && Buffer.byteLength(key) > MAX_KEY_BYTES) {
    return s3Error(400, "KeyTooLongError", "Your key is too long", {
      Size: String(Buffer.byteLength(key)),
      MaxSizeAllowed: String(MAX_KEY_BYTES),
    });
  }
  if (s3.down) return s3Error(503, "ServiceUnavailable", `${s3.down}.`);
  try {
    return await forward(s3.url, request);
  } catch {
    return s3Error(
      503,
      "ServiceUnavailable",
      "The sandbox's S3 emulator is restarting; retry the request.",
    );
  }
}

/** The key of a path-style request (`/bucket/key`), decoded; undefined for bucket requests. */
function objectKey(pathname: string): string | undefined {
  const slash = pathname.indexOf("/", 1);
  if (slash === -1 || slash === pathname.length - 1) return undefined;
  try {
    return decodeURIComponent(pathname.slice(slash + 1));
  } catch {
    return pathname.slice(slash + 1);
  }
}

function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Response {
  const id = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
  const members = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${members}<RequestId>${id}</RequestId></Error>`;
  return new Response(body, {
    status,
    headers: { "content-type": "application/xml", "x-amz-request-id": id },
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
