import { defineTool, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { applyFilters } from "../postgrest.js";
import { allowedTable } from "../scope.js";
import { filtersInput, identifier, rowsOutput, schemaInput, tableInput } from "../shapes.js";

export const tableUpdate = defineTool({
  name: "supabase_table_update",
  title: "Update rows",
  description:
    "Sets columns on the rows matching the filters (at least one filter: never the whole table) and returns the changed rows.",
  input: z.object({
    schema: schemaInput,
    table: tableInput,
    values: z
      .record(identifier, z.unknown())
      .refine((v) => Object.keys(v).length > 0, "give at least one column to set")
      .describe("Columns to set, as column: value"),
    filters: filtersInput.min(1, "give at least one filter: an unfiltered update is refused"),
  }),
  output: z.object({ updated: z.number().int(), rows: rowsOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: false,
  noConfirmReason:
    "It changes only rows matching a required filter in allowed tables, and returns every changed row, so the change is visible and can be reverted; read-only mode hides it.",
  summary: (out) => `Updated ${out.updated} row(s)`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    allowedTable(ctx.client.config, input.schema, input.table);
    const api = ctx.client.api(ctx.signal);
    const query = applyFilters(
      api.sb.schema(input.schema).from(input.table).update(input.values),
      input.filters,
    );
    const rows = (api.unwrap(await query.select()) ?? []) as Record<string, unknown>[];
    return { updated: rows.length, rows: untrusted(rows) };
  },
});
