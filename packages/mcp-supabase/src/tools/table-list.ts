import {
  decodeCursor,
  defineTool,
  encodeCursor,
  isAllowed,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { tableVisible } from "../scope.js";

const cursorState = z.object({ offset: z.number().int().min(0) });

const tableOutput = z.object({
  schema: z.string(),
  name: z.string(),
  rls_enabled: z.boolean(),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      nullable: z.boolean(),
      default: z.string().nullable(),
    }),
  ),
});

export const tableList = defineTool({
  name: "supabase_table_list",
  title: "List tables",
  description:
    "Lists the tables of the allowed schemas with their columns, types and whether row-level security is on.",
  input: z.object({
    schema: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .describe("Only this schema; default: every allowed one"),
    ...pageInput,
  }),
  output: z.object({ tables: z.array(tableOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.tables.length} table(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    const { config } = ctx.client;
    const offset = input.cursor ? decodeCursor(input.cursor, cursorState).offset : 0;
    const rows = await ctx.client.sql(async (db) => {
      await db.query("BEGIN READ ONLY");
      const result = await db.query<{
        schema: string;
        name: string;
        rls_enabled: boolean;
        columns: z.output<typeof tableOutput>["columns"];
      }>(
        `SELECT n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls_enabled,
                coalesce((SELECT json_agg(json_build_object('name', a.attname,
                   'type', format_type(a.atttypid, a.atttypmod), 'nullable', NOT a.attnotnull,
                   'default', pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
                   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND ($1::text IS NULL OR n.nspname = $1)
            AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          ORDER BY n.nspname, c.relname`,
        [input.schema ?? null],
      );
      await db.query("COMMIT");
      return result.rows;
    }, ctx.signal);
    const visible = rows.filter(
      (t) => isAllowed(config.schemas, t.schema) && tableVisible(config, t.schema, t.name),
    );
    const page = visible.slice(offset, offset + input.limit);
    const next = offset + page.length;
    return {
      tables: page,
      next_cursor: next < visible.length ? encodeCursor({ offset: next }) : null,
    };
  },
});
