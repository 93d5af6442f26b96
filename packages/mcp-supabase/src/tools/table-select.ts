import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { applyFilters } from "../postgrest.js";
import { allowedTable } from "../scope.js";
import { filtersInput, identifier, rowsOutput, schemaInput, tableInput } from "../shapes.js";

const cursorState = z.object({ offset: z.number().int().min(0) });

export const tableSelect = defineTool({
  name: "supabase_table_select",
  title: "Select rows",
  description:
    "Reads rows of a table through PostgREST: columns (embedding related tables as name(cols)), filters, order, range pagination and an exact count.",
  input: z.object({
    schema: schemaInput,
    table: tableInput,
    columns: z
      .string()
      .min(1)
      .max(1000)
      .regex(
        /^[A-Za-z0-9_*,:()\s]+$/,
        "PostgREST select syntax: names, commas, alias:col, rel(cols)",
      )
      .default("*")
      .describe('PostgREST select list, e.g. "id,name,orders(total_cents)"; default *'),
    filters: filtersInput.default([]),
    order: z
      .array(z.object({ column: identifier, ascending: z.boolean().default(true) }))
      .max(10)
      .default([]),
    ...pageInput,
  }),
  output: z.object({
    rows: rowsOutput,
    count: z.number().int().nullable().describe("Rows matching the filters (exact)"),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.rows.data.length} row(s) of ${out.count ?? "?"}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    allowedTable(ctx.client.config, input.schema, input.table);
    // Embedded tables (`customers(name)`) are read too: each must be allowed as well.
    for (const match of input.columns.matchAll(/([A-Za-z0-9_]+)\s*\(/g)) {
      allowedTable(ctx.client.config, input.schema, match[1] as string);
    }
    const offset = input.cursor ? decodeCursor(input.cursor, cursorState).offset : 0;
    const api = ctx.client.api(ctx.signal);
    let query = api.sb
      .schema(input.schema)
      .from(input.table)
      .select(input.columns, { count: "exact" });
    query = applyFilters(query, input.filters);
    for (const term of input.order) query = query.order(term.column, { ascending: term.ascending });
    const result = await query.range(offset, offset + input.limit - 1);
    const rows = api.unwrap(result) ?? [];
    const count = result.count ?? null;
    const more = count === null ? rows.length === input.limit : offset + rows.length < count;
    return {
      rows: untrusted(rows as unknown as Record<string, unknown>[]),
      count,
      next_cursor: more && rows.length > 0 ? encodeCursor({ offset: offset + rows.length }) : null,
    };
  },
});
