import { type ErrorCode, errorFromStatus, PlatformError } from "@agent-mesh/core";
import pg from "pg";
import { SupabaseApiError } from "./client.js";

/** SQLSTATE classes and codes as envelope codes; anything else a caller can fix is invalid_request. */
function codeForSqlState(state: string): ErrorCode {
  if (state === "42501" || state === "25006" || state === "0LP01") return "permission_denied";
  if (state === "28P01" || state === "28000") return "authentication_error";
  if (state === "42P01" || state === "42883" || state === "3D000" || state === "3F000")
    return "not_found";
  if (state.startsWith("23") || state === "40001" || state === "40P01" || state === "55P03")
    return "conflict";
  if (state === "57014") return "timeout";
  if (state === "53300" || state.startsWith("08") || state === "57P01" || state === "57P03")
    return "upstream_unavailable";
  return "invalid_request";
}

/**
 * Every failure of Supabase in one place: the API's (PostgREST, Auth, Storage) by HTTP status
 * with the service's code, Postgres's (direct connection) by SQLSTATE. Network failures, aborts
 * and timeouts need nothing here: core maps them (upstream_unavailable, timeout).
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (error instanceof SupabaseApiError) {
    return errorFromStatus({
      status: error.status,
      headers: error.headers,
      message: `Supabase: ${error.message || `HTTP ${error.status}`}`,
      platformCode: error.platformCode,
      details: { status: error.status },
      cause: error,
    });
  }
  if (error instanceof pg.DatabaseError && typeof error.code === "string") {
    const hint = error.code === "25006" ? " (the transaction is read-only)" : "";
    return new PlatformError(codeForSqlState(error.code), `Postgres: ${error.message}${hint}`, {
      details: { platform_code: error.code },
      cause: error,
    });
  }
  return undefined;
}
