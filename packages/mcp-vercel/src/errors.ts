import { HttpError, httpErrorToPlatformError, PlatformError } from "@agent-mesh/core";

interface VercelErrorBody {
  error?: { code?: string; message?: string; invalidToken?: boolean; missingToken?: boolean };
}

/** Every failure of Vercel's API, in one place, as the standard envelope. */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const body = (error.body ?? {}) as VercelErrorBody;
  const detail = body.error?.message ?? `HTTP ${error.status}`;
  const code = body.error?.code;
  if (body.error?.invalidToken || body.error?.missingToken || error.status === 401) {
    return new PlatformError(
      "authentication_error",
      `Vercel rejected the token: ${detail}. Check VERCEL_TOKEN (vercel.com/account/tokens).`,
      { cause: error },
    );
  }
  if (error.status === 429) {
    const reset = Number(error.headers.get("x-ratelimit-reset"));
    const retry =
      Number.isFinite(reset) && reset > 0
        ? Math.max(0, Math.ceil(reset - Date.now() / 1000))
        : undefined;
    return new PlatformError("rate_limited", `Vercel rate limit reached: ${detail}. Retry later.`, {
      cause: error,
      details: retry === undefined ? {} : { retry_after_seconds: retry },
    });
  }
  if (error.status === 403 && code === "forbidden") {
    return new PlatformError(
      "permission_denied",
      `Vercel: ${detail} Check VERCEL_TEAM_ID and the token's scope.`,
      { cause: error },
    );
  }
  return httpErrorToPlatformError(error, `Vercel: ${detail}${code ? ` (${code})` : ""}`);
}
