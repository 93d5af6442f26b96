import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import type pg from "pg";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { HISTORY_SQL, readMigrationFile, versionNow } from "../migrations.js";
import { type CatalogChanges, diff, losesData, snapshot } from "../sql.js";

const changesOutput = z.object({
  tables_created: z.array(z.string()),
  tables_dropped: z.array(z.string()),
  tables_rewritten: z.array(z.string()).describe("Truncated, or rewritten by ALTER ... TYPE"),
  columns_added: z.array(z.string()),
  columns_dropped: z.array(z.string()),
});

/** A marker that lives exactly as long as the migration's transaction. */
const MARKER = "agent_mesh.migration";

export const migrationApply = defineTool({
  name: "supabase_migration_apply",
  title: "Apply a migration",
  description:
    "Applies a migration (name + SQL, or a file of the migrations folder) in one transaction and records it as the Supabase CLI does; a name already applied is a no-op; dry_run rolls back and reports the changes.",
  input: z
    .object({
      name: z
        .string()
        .regex(/^[a-z0-9_]{1,100}$/, "lower-case letters, digits and _")
        .optional()
        .describe("Migration name, e.g. add_products_table (with sql)"),
      sql: z.string().min(1).max(1_048_576).optional().describe("The migration's SQL (with name)"),
      file: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe("Or a file of the migrations folder: <version>_<name>.sql"),
      version: z
        .string()
        .regex(/^\d{1,20}$/)
        .optional()
        .describe("Version to record with sql (default: now, YYYYMMDDHHMMSS)"),
      dry_run: z.boolean().default(false).describe("Run it, report what changed, roll back"),
      allow_destructive: z
        .boolean()
        .default(false)
        .describe("Needed (and confirmed) when the database finds it drops, truncates or rewrites"),
    })
    .refine((i) => (i.file === undefined) !== (i.sql === undefined), {
      message: "give either file, or name and sql",
    })
    .refine((i) => i.sql === undefined || i.name !== undefined, {
      message: "sql needs a name",
      path: ["name"],
    }),
  output: z.object({
    name: z.string(),
    version: z.string(),
    status: z.enum(["applied", "already_applied", "dry_run"]),
    changes: changesOutput.nullable(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    when: (input) => input.allow_destructive === true && input.dry_run !== true,
    message: (input) =>
      `Apply migration ${input.name ?? input.file}, which drops, truncates or rewrites data.`,
  },
  summary: (out) =>
    out.status === "already_applied"
      ? `Migration ${out.name} was already applied (version ${out.version}): nothing done`
      : `${out.status === "dry_run" ? "Dry run of" : "Applied"} migration ${out.name} (version ${out.version})`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    const migration = input.file
      ? await readMigrationFile(ctx.client.config.migrationsDir, input.file)
      : { name: input.name ?? "", version: input.version ?? "", sql: input.sql ?? "" };
    return ctx.client.sql(async (db) => {
      await db.query("BEGIN");
      try {
        for (const statement of HISTORY_SQL) await db.query(statement);
        // One apply at a time: a concurrent one waits here, then sees this one's record.
        await db.query("LOCK TABLE supabase_migrations.schema_migrations IN EXCLUSIVE MODE");
        if (migration.version === "") migration.version = await nextVersion(db);
        const seen = await db.query<{ version: string; name: string | null }>(
          "SELECT version, name FROM supabase_migrations.schema_migrations WHERE name = $1 OR version = $2",
          [migration.name, migration.version],
        );
        const previous = seen.rows[0];
        if (previous) {
          await db.query("ROLLBACK");
          if (previous.name !== migration.name) {
            throw new PlatformError(
              "conflict",
              `Version ${migration.version} is already recorded for migration ${previous.name ?? "(unnamed)"}; choose another version.`,
            );
          }
          return {
            name: migration.name,
            version: previous.version,
            status: "already_applied" as const,
            changes: null,
          };
        }
        await db.query("SELECT set_config($1, 'on', true)", [MARKER]);
        const before = await snapshot(db);
        await db.query(migration.sql);
        const still = await db.query("SELECT current_setting($1, true) AS marker", [MARKER]);
        if (still.rows[0]?.marker !== "on") {
          throw new PlatformError(
            "invalid_request",
            "The migration ended the transaction itself (COMMIT or ROLLBACK inside it): remove them; this tool runs the whole migration in one transaction.",
          );
        }
        const changes: CatalogChanges = diff(before, await snapshot(db));
        if (losesData(changes) && !input.allow_destructive && !input.dry_run) {
          throw new PlatformError(
            "invalid_request",
            `Migration ${migration.name} would drop or rewrite data (${describe(changes)}); nothing was applied. Check with dry_run, then call again with allow_destructive: true to be asked for confirmation.`,
            { details: { changes } },
          );
        }
        await db.query(
          "INSERT INTO supabase_migrations.schema_migrations (version, statements, name) VALUES ($1, $2, $3)",
          [migration.version, [migration.sql], migration.name],
        );
        await db.query(input.dry_run ? "ROLLBACK" : "COMMIT");
        return {
          name: migration.name,
          version: migration.version,
          status: input.dry_run ? ("dry_run" as const) : ("applied" as const),
          changes,
        };
      } catch (err) {
        await db.query("ROLLBACK").catch(() => {});
        throw err;
      }
    }, ctx.signal);
  },
});

/** Now as YYYYMMDDHHMMSS, or one past the newest recorded version when that is later or equal. */
async function nextVersion(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ latest: string | null }>(
    "SELECT max(version::numeric)::text AS latest FROM supabase_migrations.schema_migrations WHERE version ~ '^[0-9]+$'",
  );
  const now = versionNow();
  const latest = rows[0]?.latest;
  return latest && BigInt(latest) >= BigInt(now) ? (BigInt(latest) + 1n).toString() : now;
}

function describe(changes: CatalogChanges): string {
  return [
    ...changes.tables_dropped.map((t) => `drops ${t}`),
    ...changes.tables_rewritten.map((t) => `truncates or rewrites ${t}`),
    ...changes.columns_dropped.map((c) => `drops column ${c}`),
  ].join(", ");
}
