import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { applyFilters } from "../postgrest.js";
import { allowedTable, describeFilters } from "../scope.js";
import { filtersInput, schemaInput, tableInput } from "../shapes.js";

export const tableDelete = defineTool({
  name: "supabase_table_delete",
  title: "Delete rows",
  description:
    "Deletes the rows matching the filters (at least one filter: never the whole table) after confirmation; reports how many.",
  input: z.object({
    schema: schemaInput,
    table: tableInput,
    filters: filtersInput.min(1, "give at least one filter: an unfiltered delete is refused"),
  }),
  output: z.object({ deleted: z.number().int(), table: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: (input, client: ApiClient) => {
      allowedTable(client.config, input.schema, input.table);
      return `Delete every row of ${input.schema}.${input.table} where ${describeFilters(input.filters)}.`;
    },
  },
  idempotent: true,
  summary: (out) => `Deleted ${out.deleted} row(s) from ${out.table}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    allowedTable(ctx.client.config, input.schema, input.table);
    const api = ctx.client.api(ctx.signal);
    const query = applyFilters(
      api.sb.schema(input.schema).from(input.table).delete({ count: "exact" }),
      input.filters,
    );
    const result = await query;
    api.unwrap(result);
    return { deleted: result.count ?? 0, table: `${input.schema}.${input.table}` };
  },
});
