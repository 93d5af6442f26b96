import { errorFromStatus, type PlatformError } from "@agent-mesh/core";
import Stripe from "stripe";

const HINTS: Record<string, string> = {
  StripeAuthenticationError: " Check STRIPE_SECRET_KEY (dashboard.stripe.com/apikeys).",
  StripeRateLimitError: " Stripe is rate limiting this key; wait and retry.",
  StripeIdempotencyError:
    " An idempotency_key names one action: use a new key for different arguments.",
};

/**
 * Every failure of the Stripe SDK, in one place, as the standard envelope: Stripe's code,
 * decline_code, param, type and HTTP status go to details; a restricted key's refusal names the
 * permission it lacks. Network failures need nothing here (core maps them).
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof Stripe.errors.StripeError)) return undefined;
  if (error instanceof Stripe.errors.StripeConnectionError) return undefined;
  const status = error.statusCode ?? 500;
  const permission = /Having the '(\w+)' permission/.exec(error.message)?.[1];
  const decline = error.decline_code || undefined;
  const details: Record<string, unknown> = {
    http_status: status,
    stripe_type: error.rawType ?? error.type,
    ...(error.param && { param: error.param }),
    ...(decline && { decline_code: decline }),
    ...(permission && { permission }),
    ...(error.requestId && { request_id: error.requestId }),
    ...(error.payment_intent?.id && { payment_intent: error.payment_intent.id }),
  };
  const declined = decline ? ` (decline_code ${decline})` : "";
  const hint =
    (permission
      ? ` The restricted key lacks the '${permission}' permission; grant it in the dashboard or use another key.`
      : undefined) ??
    (error.type === "StripeCardError"
      ? " The card was not charged; ask for another payment method."
      : (HINTS[error.type] ?? ""));
  const mapped = errorFromStatus({
    // A decline (402) is the caller's card, not a permission; a reused key is a conflict.
    status: status === 402 ? 400 : error.type === "StripeIdempotencyError" ? 409 : status,
    headers: error.headers as Record<string, string> | undefined,
    message: `Stripe: ${error.message}${declined}${hint}`,
    platformCode: error.code,
    cause: error,
    details,
  });
  return mapped;
}
