import { defineTool, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { allowedTable } from "../scope.js";
import { identifier, rowsOutput, schemaInput, tableInput } from "../shapes.js";

export const tableInsert = defineTool({
  name: "supabase_table_insert",
  title: "Insert rows",
  description:
    "Inserts one or many rows through PostgREST and returns them as stored; on_conflict makes it an upsert on those columns.",
  input: z.object({
    schema: schemaInput,
    table: tableInput,
    rows: z
      .array(z.record(identifier, z.unknown()))
      .min(1)
      .max(500)
      .describe("Rows as objects of column: value (1-500)"),
    on_conflict: z
      .array(identifier)
      .min(1)
      .max(10)
      .optional()
      .describe("Unique columns: update the existing row on a conflict instead of failing"),
  }),
  output: z.object({ inserted: z.number().int(), rows: rowsOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // PostgREST has no idempotency keys: core's store is the protection, so a retried call
  // (same idempotency_key, or the same rows within 60 s) inserts once.
  idempotent: true,
  summary: (out) => `Inserted ${out.inserted} row(s)`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    allowedTable(ctx.client.config, input.schema, input.table);
    const api = ctx.client.api(ctx.signal);
    const table = api.sb.schema(input.schema).from(input.table);
    const request = input.on_conflict
      ? table.upsert(input.rows, { onConflict: input.on_conflict.join(",") })
      : table.insert(input.rows);
    const rows = (api.unwrap(await request.select()) ?? []) as Record<string, unknown>[];
    return { inserted: rows.length, rows: untrusted(rows) };
  },
});
