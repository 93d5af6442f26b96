import { errorFromStatus, PlatformError } from "@agent-mesh/core";
import { TrackingError } from "./tracker.js";
import { isPublicApiHttpError, type PublicApiHttpError } from "./workspace-api.js";

interface TrackingBody {
  message?: string;
  code?: string;
}

interface PublicApiBody {
  errors?: Array<{ type?: string; message?: string; field?: string }>;
}

/**
 * Every failure of Segment's two APIs, in one place, as the standard envelope: the status picks
 * the code, Retry-After becomes details.retry_after_seconds, Segment's own error code goes in
 * details.platform_code. Network failures need nothing here (core maps them).
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (error instanceof TrackingError) return trackingError(error);
  if (isPublicApiHttpError(error)) return publicApiError(error);
  if (error instanceof Error && error.message === "Flush timeout") {
    return new PlatformError(
      "timeout",
      "Segment did not accept the batch in time; nothing is known to be delivered. Retry with the same idempotency_key: Segment drops a messageId it already has.",
    );
  }
  return undefined;
}

function trackingError(error: TrackingError): PlatformError {
  const { status, headers, body } = error.answer;
  const parsed = (typeof body === "object" && body !== null ? body : {}) as TrackingBody;
  const detail = parsed.message ?? (typeof body === "string" && body ? body : error.message);
  const message =
    status === 401 || status === 403
      ? `Segment rejected the write key (${detail}). Check SEGMENT_WRITE_KEY: it is the source's write key, not a Public API token.`
      : status === 429
        ? `Segment's tracking API is rate limiting this source (${detail}); the event was not delivered. Retry later with the same idempotency_key.`
        : `Segment refused the event: ${detail}`;
  return errorFromStatus({
    status,
    headers,
    message,
    platformCode: parsed.code,
    details: { status },
    cause: error,
  });
}

function publicApiError(error: PublicApiHttpError): PlatformError {
  const status = error.statusCode ?? error.response?.statusCode ?? 500;
  const first = (error.body as PublicApiBody | undefined)?.errors?.[0];
  const detail = first?.message ?? `HTTP ${status}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(error.response?.headers ?? {})) {
    if (typeof value === "string") headers.set(name, value);
  }
  const message =
    status === 401 || status === 403
      ? `Segment's Public API refused the token (${detail}). Check SEGMENT_PUBLIC_API_TOKEN and its workspace role.`
      : `Segment Public API: ${detail}${first?.field ? ` (field ${first.field})` : ""}`;
  return errorFromStatus({
    status,
    headers,
    message,
    platformCode: first?.type,
    details: { status },
    cause: error,
  });
}
