import Stripe from "stripe";
import { header, type RawRequest, refuse, type Verified } from "./delivery.js";

/**
 * Stripe-Signature, checked by the SDK's own `webhooks.constructEvent` (HMAC-SHA256 of
 * "t.body", constant-time compare, timestamp within `toleranceSeconds`). The delivery id is
 * the event id, which Stripe keeps across retries; each retry is signed with a new timestamp.
 */
export function verifyStripe(
  request: RawRequest,
  secret: string,
  toleranceSeconds: number,
): Verified {
  const signature = header(request, "stripe-signature");
  if (!signature) {
    return refuse(
      400,
      "missing_signature",
      "no Stripe-Signature header: this is not a signed Stripe delivery",
    );
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      request.body,
      signature,
      secret,
      toleranceSeconds,
      undefined,
      // The SDK takes the time received in milliseconds.
      request.now * 1000,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/tolerance/i.test(message)) {
      return refuse(
        401,
        "stale",
        `the Stripe-Signature timestamp is more than ${toleranceSeconds}s from now (a replay, or a clock off)`,
      );
    }
    if (/extract timestamp|header/i.test(message) && !/signatures found/i.test(message)) {
      return refuse(
        400,
        "missing_signature",
        "the Stripe-Signature header is malformed (expected t=...,v1=...)",
      );
    }
    if (/signatures found|signature/i.test(message)) {
      return refuse(
        401,
        "bad_signature",
        "the Stripe-Signature does not match the body with the configured signing secret (STRIPE_WEBHOOK_SECRET)",
      );
    }
    return refuse(400, "bad_request", "the body is not a Stripe event (JSON)");
  }
  if (typeof event?.id !== "string" || typeof event.type !== "string") {
    return refuse(400, "bad_request", "the body is not a Stripe event: it needs an id and a type");
  }
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  return {
    ok: true,
    delivery: { source: "stripe", id: event.id, timestamp, type: event.type, event },
  };
}
