import { flagSetting, listSetting } from "@agent-mesh/core";
import { z } from "zod";

/** Supabase's settings; every one is an environment variable (or a mesh.yaml value). */
export const settings = {
  url: {
    env: "SUPABASE_URL",
    schema: z.url(),
    description: "Project URL (https://<ref>.supabase.co, or the sandbox)",
  },
  serviceRoleKey: {
    env: "SUPABASE_SERVICE_ROLE_KEY",
    schema: z.string().min(1),
    description: "service_role API key (Project Settings > API); bypasses row-level security",
    secret: true,
  },
  dbUrl: {
    env: "SUPABASE_DB_URL",
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "use a postgres:// URL")
      .optional(),
    description: "Direct Postgres connection string, for migrations, table listing and SQL",
    secret: true,
  },
  readOnly: {
    env: "SUPABASE_READ_ONLY",
    schema: flagSetting().default(false),
    description:
      "true hides every tool that writes (a value that is not a flag counts as true); SQL reads run in read-only transactions anyway",
  },
  schemas: {
    env: "SUPABASE_SCHEMAS",
    schema: listSetting().transform((list) => (list.length ? list : ["public"])),
    description: "Schemas tools may touch (comma-separated, globs allowed; default public)",
  },
  tables: {
    env: "SUPABASE_TABLES",
    schema: listSetting(),
    description: "Tables tools may touch as schema.table (globs allowed; empty: every table)",
  },
  functions: {
    env: "SUPABASE_FUNCTIONS",
    schema: listSetting(),
    description: "Postgres functions supabase_rpc_call may call (globs; empty: any)",
  },
  buckets: {
    env: "SUPABASE_BUCKETS",
    schema: listSetting(),
    description: "Storage buckets tools may touch (globs; empty: any)",
  },
  migrationsDir: {
    env: "SUPABASE_MIGRATIONS_DIR",
    schema: z.string().min(1).default("supabase/migrations"),
    description: "Folder of migration files (<version>_<name>.sql), as the Supabase CLI keeps them",
  },
  sqlWrites: {
    env: "SUPABASE_SQL_WRITES",
    schema: flagSetting().default(false),
    description: "Allow supabase_sql_execute to write (each call still confirmed); default false",
  },
  readRole: {
    env: "SUPABASE_SQL_READ_ROLE",
    schema: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default("supabase_read_only_user"),
    description: "Role read-only SQL runs as, inside a READ ONLY transaction",
  },
  statementTimeoutMs: {
    env: "SUPABASE_STATEMENT_TIMEOUT_MS",
    schema: z.coerce.number().int().min(100).max(600_000).default(30_000),
    description: "Statement timeout for direct SQL, in milliseconds (default 30000)",
  },
};
