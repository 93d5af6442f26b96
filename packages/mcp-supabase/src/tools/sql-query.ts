import { defineTool, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { sqlOutput, sqlParams } from "../shapes.js";
import { quoteIdent, runStatement } from "../sql.js";

export const sqlQuery = defineTool({
  name: "supabase_sql_query",
  title: "Query with SQL (read-only)",
  description:
    "Runs one SQL statement in a READ ONLY transaction as a read-only role, on the direct connection; Postgres refuses any write.",
  input: z.object({
    sql: z.string().min(1).max(100_000).describe("One statement; use $1, $2 for values"),
    params: sqlParams,
    max_rows: z.number().int().min(1).max(1000).default(100).describe("Rows returned at most"),
  }),
  output: sqlOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.command}: ${out.rows.data.length} row(s)${out.truncated ? ` of ${out.row_count}; add LIMIT/OFFSET for the rest` : ""}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    const { readRole } = ctx.client.config;
    return ctx.client.sql(async (db) => {
      // The guarantee is Postgres's: a READ ONLY transaction refuses every write, whatever the
      // text says, and the extended protocol refuses a second statement (no `; COMMIT; ...`).
      await db.query("BEGIN READ ONLY");
      try {
        await db.query(`SET LOCAL ROLE ${quoteIdent(readRole)}`);
        // A first query takes the snapshot: from here on Postgres refuses SET TRANSACTION READ WRITE.
        await db.query("SELECT current_user");
        const result = await runStatement(db, input.sql, input.params);
        const rows = result.rows.slice(0, input.max_rows);
        return {
          command: result.command,
          row_count: result.rowCount ?? result.rows.length,
          fields: result.fields,
          rows: untrusted(rows),
          truncated: result.rows.length > rows.length,
        };
      } finally {
        await db.query("ROLLBACK");
      }
    }, ctx.signal);
  },
});
