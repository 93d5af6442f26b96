import { readdir, readFile, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { PlatformError } from "@agent-mesh/core";
import type pg from "pg";

/** The Supabase CLI's history table: `supabase db push` and these tools read the same rows. */
export const HISTORY_SQL = [
  "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
  "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text)",
];

/** `20260101120000_add_products_table.sql`: the CLI's file name, version then name. */
export const FILE_NAME = /^(\d{1,20})_([a-z0-9_]+)\.sql$/;

export interface AppliedMigration {
  version: string;
  name: string | null;
}

/** Applied migrations by version, or none when the history table does not exist yet. */
export async function applied(db: pg.Client): Promise<AppliedMigration[]> {
  const exists = await db.query(
    "SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL AS present",
  );
  if (!exists.rows[0]?.present) return [];
  const { rows } = await db.query<AppliedMigration>(
    "SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY version",
  );
  return rows;
}

/** Migration files in the folder, by version; none when the folder does not exist. */
export async function migrationFiles(
  dir: string,
): Promise<Array<{ file: string; version: string; name: string }>> {
  const entries = await readdir(resolve(dir)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  return entries
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({ file, version: match?.[1] ?? "", name: match?.[2] ?? "" }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** Reads a migration file inside the folder; a path that leaves it is refused. */
export async function readMigrationFile(dir: string, file: string) {
  const match = FILE_NAME.exec(file.split(/[\\/]/).at(-1) ?? "");
  if (!match) {
    throw new PlatformError(
      "invalid_request",
      `file must be named <version>_<name>.sql (lower-case name), like 20260101120000_add_products_table.sql.`,
    );
  }
  const base = await realpath(resolve(dir)).catch(() => {
    throw new PlatformError(
      "not_configured",
      `The migrations folder ${dir} does not exist: set SUPABASE_MIGRATIONS_DIR to the folder of your migration files.`,
      { details: { variables: ["SUPABASE_MIGRATIONS_DIR"] } },
    );
  });
  const full = await realpath(join(base, file)).catch(() => {
    throw new PlatformError("not_found", `No migration file ${file} in the migrations folder.`);
  });
  const inside = relative(base, full);
  if (inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) {
    throw new PlatformError(
      "policy_denied",
      `${file} is outside the migrations folder (SUPABASE_MIGRATIONS_DIR).`,
      { details: { variable: "SUPABASE_MIGRATIONS_DIR" } },
    );
  }
  return { version: match[1] ?? "", name: match[2] ?? "", sql: await readFile(full, "utf8") };
}

/** A CLI-style version for SQL given inline: the UTC time as YYYYMMDDHHMMSS. */
export function versionNow(now = new Date()): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}
