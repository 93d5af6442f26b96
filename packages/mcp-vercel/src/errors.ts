import { errorFromStatus, HttpError, type PlatformError } from "@agent-mesh/core";

interface VercelErrorBody {
  error?: { code?: string; message?: string; invalidToken?: boolean; missingToken?: boolean };
}

/**
 * Every failure of Vercel's API, in one place, as the standard envelope: core's errorFromStatus
 * does the status mapping and Retry-After; this adds what Vercel's bodies and headers say.
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const body = (error.body ?? {}) as VercelErrorBody;
  const detail = body.error?.message ?? `HTTP ${error.status}`;
  const code = body.error?.code;
  const base = { status: error.status, headers: error.headers, cause: error, platformCode: code };
  if (body.error?.invalidToken || body.error?.missingToken || error.status === 401) {
    return errorFromStatus({
      ...base,
      status: 401,
      message: `Vercel rejected the token: ${detail}. Check VERCEL_TOKEN (vercel.com/account/tokens).`,
    });
  }
  if (error.status === 429) {
    const mapped = errorFromStatus({
      ...base,
      message: `Vercel rate limit reached: ${detail}. Retry later.`,
    });
    // Vercel says when the window resets (epoch seconds) rather than sending Retry-After.
    const reset = Number(error.headers.get("x-ratelimit-reset"));
    if (mapped.details && mapped.details.retry_after_seconds === undefined && reset > 0) {
      mapped.details.retry_after_seconds = Math.max(0, Math.ceil(reset - Date.now() / 1000));
    }
    return mapped;
  }
  if (error.status === 403 && code === "forbidden") {
    return errorFromStatus({
      ...base,
      message: `Vercel: ${detail} Check VERCEL_TEAM_ID and the token's scope.`,
    });
  }
  return errorFromStatus({ ...base, message: `Vercel: ${detail}${code ? ` (${code})` : ""}` });
}
