import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { applied, migrationFiles } from "../migrations.js";

export const migrationList = defineTool({
  name: "supabase_migration_list",
  title: "List migrations",
  description:
    "Lists migrations recorded in supabase_migrations.schema_migrations, and files of the migrations folder not applied yet.",
  input: z.object({}),
  output: z.object({
    applied: z.array(z.object({ version: z.string(), name: z.string().nullable() })),
    pending: z.array(z.object({ version: z.string(), name: z.string(), file: z.string() })),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.applied.length} applied, ${out.pending.length} pending`,
  run: async (_input, ctx: ToolContext<ApiClient>) => {
    const done = await ctx.client.sql(async (db) => {
      await db.query("BEGIN READ ONLY");
      try {
        return await applied(db);
      } finally {
        await db.query("ROLLBACK");
      }
    }, ctx.signal);
    const versions = new Set(done.map((m) => m.version));
    const files = await migrationFiles(ctx.client.config.migrationsDir);
    return { applied: done, pending: files.filter((f) => !versions.has(f.version)) };
  },
});
