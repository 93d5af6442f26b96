import { errorFromStatus, HttpError, type PlatformError } from "@agent-mesh/core";

/**
 * Every failure of Supabase's API, in one place, as the standard envelope. With an official SDK,
 * pass its error's status, headers and code the same way. Network failures, aborts and timeouts
 * need nothing here: core maps them (upstream_unavailable, timeout).
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const body = error.body as { error?: { code?: string; message?: string } } | undefined;
  return errorFromStatus({
    status: error.status,
    headers: error.headers,
    message: `Supabase: ${body?.error?.message ?? `HTTP ${error.status}`}`,
    platformCode: body?.error?.code,
    cause: error,
  });
}
