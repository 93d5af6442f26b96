import { createHmac } from "node:crypto";

/** Vercel's x-vercel-signature: hex HMAC-SHA1 of the raw body under the webhook's secret. */
export function signature(body: string, secret: string): string {
  return createHmac("sha1", secret).update(body).digest("hex");
}
