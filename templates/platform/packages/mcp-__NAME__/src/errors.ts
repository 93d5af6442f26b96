import { HttpError, httpErrorToPlatformError, type PlatformError } from "@agent-mesh/core";

/** Every failure of __TITLE__'s API, in one place, as the standard envelope. */
export function mapError(error: unknown): PlatformError | undefined {
  if (!(error instanceof HttpError)) return undefined;
  const body = error.body as { error?: { message?: string } } | undefined;
  const message = body?.error?.message ?? `__TITLE__ answered HTTP ${error.status}`;
  return httpErrorToPlatformError(error, message);
}
