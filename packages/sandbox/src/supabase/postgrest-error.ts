/** A PostgREST error: its HTTP status and body `{ code, details, hint, message }`. */
export class PostgrestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }

  body() {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** A request PostgREST cannot parse (PGRST100) answers 400. */
export function parseError(message: string, details: string | null = null): PostgrestError {
  return new PostgrestError(400, "PGRST100", message, details);
}

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/** Postgres errors as PostgREST answers them: the SQLSTATE as code, its status table. */
export function fromPostgres(error: unknown, role: string): PostgrestError | undefined {
  const pg = error as PgError;
  if (typeof pg?.code !== "string" || !/^[0-9A-Z]{5}$/.test(pg.code)) return undefined;
  return new PostgrestError(
    statusOf(pg.code, role),
    pg.code,
    pg.message ?? "database error",
    pg.detail ?? null,
    pg.hint ?? null,
  );
}

function statusOf(code: string, role: string): number {
  if (code === "42501") return role === "anon" ? 401 : 403;
  if (code === "23503" || code === "23505" || code === "40001") return 409;
  if (code === "25006") return 405;
  if (code === "42883" || code === "42P01") return 404;
  if (code === "P0001") return 400;
  if (/^(08|53|54|57|58|XX)/.test(code)) return code === "57014" ? 500 : 503;
  return 400;
}
