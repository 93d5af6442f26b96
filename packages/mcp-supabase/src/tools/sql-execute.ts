import { defineTool, PlatformError, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { sqlOutput, sqlParams } from "../shapes.js";
import { runStatement } from "../sql.js";

export const sqlExecute = defineTool({
  name: "supabase_sql_execute",
  title: "Execute SQL (writes)",
  description:
    "Runs one SQL statement that may write, in its own transaction, after confirmation; needs SUPABASE_SQL_WRITES=true.",
  input: z.object({
    sql: z.string().min(1).max(100_000).describe("One statement; use $1, $2 for values"),
    params: sqlParams,
    max_rows: z.number().int().min(1).max(1000).default(100).describe("Rows returned at most"),
  }),
  output: sqlOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  confirm: {
    message: (input, client: ApiClient) => {
      requireWrites(client);
      const text = input.sql.length > 300 ? `${input.sql.slice(0, 300)}…` : input.sql;
      return `Run this SQL with write access (${input.params.length} parameter(s)): ${text}`;
    },
  },
  idempotent: true,
  summary: (out) => `${out.command}: ${out.row_count ?? 0} row(s) affected`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    requireWrites(ctx.client);
    return ctx.client.sql(async (db) => {
      await db.query("BEGIN");
      try {
        const result = await runStatement(db, input.sql, input.params);
        await db.query("COMMIT");
        const rows = result.rows.slice(0, input.max_rows);
        return {
          command: result.command,
          row_count: result.rowCount,
          fields: result.fields,
          rows: untrusted(rows),
          truncated: result.rows.length > rows.length,
        };
      } catch (err) {
        await db.query("ROLLBACK").catch(() => {});
        throw err;
      }
    }, ctx.signal);
  },
});

function requireWrites(client: ApiClient): void {
  if (!client.config.sqlWrites) {
    throw new PlatformError(
      "policy_denied",
      "Writing SQL is off: use supabase_sql_query for reads, or ask the operator to set SUPABASE_SQL_WRITES=true.",
      { details: { variable: "SUPABASE_SQL_WRITES" } },
    );
  }
}
