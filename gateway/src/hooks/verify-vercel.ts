import { header, jsonObject, type RawRequest, refuse, type Verified } from "./delivery.js";
import { hmacMatches } from "./hmac.js";

/**
 * x-vercel-signature: hex HMAC-SHA1 of the raw body under the webhook's secret (Vercel has no
 * SDK helper for it). The delivery id is the body's `id`, the type its `type`
 * (deployment.succeeded), the timestamp its `createdAt`.
 */
export function verifyVercel(request: RawRequest, secret: string): Verified {
  const signature = header(request, "x-vercel-signature");
  if (!signature) {
    return refuse(
      400,
      "missing_signature",
      "no x-vercel-signature header: this is not a signed Vercel delivery",
    );
  }
  if (!hmacMatches("sha1", secret, request.body, signature)) {
    return refuse(
      401,
      "bad_signature",
      "x-vercel-signature does not match the body with the configured secret (VERCEL_WEBHOOK_SECRET)",
    );
  }
  const event = jsonObject(request.body);
  if (!event || typeof event.id !== "string" || typeof event.type !== "string") {
    return refuse(400, "bad_request", "a Vercel delivery is a JSON object with an id and a type");
  }
  const createdAt =
    typeof event.createdAt === "number" ? Math.floor(event.createdAt / 1000) : undefined;
  return {
    ok: true,
    delivery: { source: "vercel", id: event.id, timestamp: createdAt, type: event.type, event },
  };
}
