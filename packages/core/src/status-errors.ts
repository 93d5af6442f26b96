import { codeForHttpStatus, PlatformError } from "./errors.js";

export interface StatusErrorInput {
  /** The HTTP status the platform answered. */
  status: number;
  /** Response headers (a Headers, or a plain record as many SDKs expose them). */
  headers?: Headers | Record<string, string | string[] | number | undefined> | undefined;
  /** What the caller reads: say what failed and what to do; never include a secret. */
  message: string;
  cause?: unknown;
  /** The platform's own error code (Stripe's `card_declined`), passed on as details.platform_code. */
  platformCode?: string | undefined;
  /** More machine-readable details to pass on. */
  details?: Record<string, unknown>;
  now?: () => number;
}

/**
 * Turns any SDK's HTTP-status error into a PlatformError in one line: the status decides the
 * envelope code, `Retry-After` (seconds or an HTTP date) becomes details.retry_after_seconds.
 */
export function errorFromStatus(input: StatusErrorInput): PlatformError {
  const details: Record<string, unknown> = { ...input.details };
  if (input.platformCode !== undefined) details.platform_code = input.platformCode;
  const retry = retryAfterSeconds(header(input.headers, "retry-after"), input.now);
  if (retry !== undefined) details.retry_after_seconds = retry;
  return new PlatformError(codeForHttpStatus(input.status), input.message, {
    cause: input.cause,
    details,
  });
}

/** A Retry-After value in whole seconds from now (0 when the date has passed); undefined if unreadable. */
export function retryAfterSeconds(
  value: string | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // The other form is an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`): it names a weekday.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now()) / 1000));
}

/** Socket and DNS errors that mean "the platform could not be reached". */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);
const TIMED_OUT = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Maps the failures any SDK meets below HTTP: refused or reset connections and DNS failures
 * (upstream_unavailable), timeouts and aborts (timeout). Looks through `cause` chains, as
 * fetch wraps the socket error in "fetch failed". Undefined for anything else.
 */
export function errorFromNetwork(
  error: unknown,
  target = "the platform",
): PlatformError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (name === "AbortError" || name === "TimeoutError" || TIMED_OUT.has(String(code))) {
      return new PlatformError(
        "timeout",
        `${capitalise(target)} did not answer in time (${String(code ?? name)}); try again.`,
        { cause: error },
      );
    }
    if (typeof code === "string" && (UNREACHABLE.has(code) || noSocket(current))) {
      const { address } = current as { address?: unknown };
      const at = typeof address === "string" && address ? ` at ${address}` : "";
      return new PlatformError(
        "upstream_unavailable",
        `Cannot reach ${target}${at} (${code}); check the endpoint and the network, then try again.`,
        { cause: error },
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A Unix socket path with nothing listening: `connect ENOENT /var/run/docker.sock`. */
function noSocket(error: unknown): boolean {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return syscall === "connect" && (code === "ENOENT" || code === "EACCES");
}

function header(headers: StatusErrorInput["headers"], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function")
    return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value === undefined ? undefined : String(value);
  }
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
