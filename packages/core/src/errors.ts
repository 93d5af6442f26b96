/** The closed set of error codes every agent-mesh tool failure is reported with. */
export const ERROR_CODES = [
  "authentication_error",
  "permission_denied",
  "not_found",
  "invalid_request",
  "conflict",
  "rate_limited",
  "upstream_unavailable",
  "timeout",
  "not_configured",
  "confirmation_required",
  "policy_denied",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface PlatformErrorOptions {
  cause?: unknown;
  /** Machine-readable extras for the caller (never secrets): a confirm token, a retry delay. */
  details?: Record<string, unknown>;
}

/**
 * An expected failure of a tool call. Throw it (or return it from a platform's `mapError`) and
 * core turns it into the standard envelope. Anything else thrown is treated as a bug.
 */
export class PlatformError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: PlatformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PlatformError";
    this.code = code;
    this.details = options.details;
  }
}

export function isPlatformError(value: unknown): value is PlatformError {
  return value instanceof PlatformError;
}

/** The wire shape of a failure: returned as JSON text and as structuredContent, isError: true. */
export interface ErrorEnvelope {
  error: "PlatformError";
  platform: string;
  operation: string;
  message: string;
  code: ErrorCode;
  timestamp: string;
  details?: Record<string, unknown>;
}

export function toEnvelope(platform: string, operation: string, err: PlatformError): ErrorEnvelope {
  const envelope: ErrorEnvelope = {
    error: "PlatformError",
    platform,
    operation,
    message: clipMessage(err.message),
    code: err.code,
    timestamp: new Date().toISOString(),
  };
  if (err.details && Object.keys(err.details).length > 0) envelope.details = err.details;
  return envelope;
}

/** Longest envelope message: a platform's error text may repeat input or a whole body. */
const MAX_MESSAGE_CHARS = 2_000;

function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (message cut at ${MAX_MESSAGE_CHARS} of ${message.length} characters)`;
}

/** Maps an HTTP status to the envelope code it most often means; platforms refine with the body. */
export function codeForHttpStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return "invalid_request";
  if (status === 401) return "authentication_error";
  if (status === 402 || status === 403) return "permission_denied";
  if (status === 404 || status === 410) return "not_found";
  if (status === 409 || status === 412) return "conflict";
  if (status === 408 || status === 504) return "timeout";
  if (status === 429) return "rate_limited";
  return "upstream_unavailable";
}
