import { type ConfigOf, PlatformError } from "@agent-mesh/core";
import { createClient as createSupabase, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";

import type { settings } from "./config.js";

export type ClientConfig = ConfigOf<typeof settings>;

/** A failed Supabase API call: the HTTP status, the service's own code, and its headers. */
export class SupabaseApiError extends Error {
  constructor(
    readonly status: number,
    readonly platformCode: string | undefined,
    message: string,
    readonly headers: Headers | undefined,
  ) {
    super(message);
    this.name = "SupabaseApiError";
  }
}

/** What supabase-js answers: data or an error, never both. */
interface SdkResult {
  data: unknown;
  error: unknown;
  status?: number;
}

/** One call's SDK client: supabase-js with this call's signal, remembering the last response. */
export interface Api {
  sb: SupabaseClient;
  /** The data, or throws the error supabase-js returned as a SupabaseApiError. */
  unwrap<R extends SdkResult>(result: R): R["data"];
}

/**
 * Supabase through its official SDK (@supabase/supabase-js for PostgREST, Auth and Storage) and a
 * direct Postgres connection (pg) for migrations and SQL. The SDK is made per call so each call's
 * abort signal and response headers (Retry-After) stay its own; making one is cheap (no socket:
 * realtime connects only when a channel is used, with `ws` as its transport on Node 20).
 */
export class SupabaseConnection {
  constructor(
    readonly config: ClientConfig,
    private readonly fetchImpl: typeof fetch,
  ) {}

  api(signal?: AbortSignal): Api {
    let last: Response | undefined;
    const fetchWithSignal: typeof fetch = async (input, init) => {
      const response = await this.fetchImpl(input, { ...init, signal: init?.signal ?? signal });
      last = response;
      return response;
    };
    const sb = createSupabase(this.config.url, this.config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: fetchWithSignal },
      realtime: { transport: WebSocket as never },
      db: { schema: "public" },
    });
    return {
      sb,
      unwrap<R extends SdkResult>(result: R): R["data"] {
        if (!result.error) return result.data;
        const error = result.error as {
          message?: string;
          code?: string | number;
          status?: number;
          statusCode?: string | number;
          details?: string;
          hint?: string;
        };
        const status = Number(
          result.status ?? error.status ?? error.statusCode ?? last?.status ?? 0,
        );
        if (status === 0) {
          // A network failure supabase-js turned into a value: rethrow what it was.
          throw Object.assign(new Error(error.message ?? "fetch failed"), {
            cause: (error as { cause?: unknown }).cause ?? error,
            code: "ECONNREFUSED",
          });
        }
        const code = error.code === undefined ? undefined : String(error.code);
        const parts = [error.message, error.details, error.hint].filter(
          (part): part is string => typeof part === "string" && part !== "",
        );
        throw new SupabaseApiError(status, code, parts.join(" "), last?.headers);
      },
    };
  }

  /** Runs `fn` on a fresh direct connection (SUPABASE_DB_URL), closed afterwards. */
  async sql<T>(fn: (client: pg.Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!this.config.dbUrl) {
      throw new PlatformError(
        "not_configured",
        "Migrations and SQL need a direct database connection: set SUPABASE_DB_URL (Project Settings > Database > Connection string).",
        { details: { variables: ["SUPABASE_DB_URL"] } },
      );
    }
    const client = new pg.Client({
      connectionString: this.config.dbUrl,
      statement_timeout: this.config.statementTimeoutMs,
      application_name: "agent-mesh-mcp-supabase",
    });
    client.on("error", () => {});
    const abort = () => void client.end().catch(() => {});
    signal?.addEventListener("abort", abort, { once: true });
    try {
      await client.connect();
      return await fn(client);
    } finally {
      signal?.removeEventListener("abort", abort);
      await client.end().catch(() => {});
    }
  }
}

export type ApiClient = SupabaseConnection;

export function createClient(config: ClientConfig, fetch: typeof globalThis.fetch): ApiClient {
  return new SupabaseConnection(config, fetch);
}
