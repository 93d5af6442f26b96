import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server tests use: POSTGRES_URL (a database to connect to for admin work). */
export const POSTGRES_ADMIN_URL =
  process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Undefined when PostgreSQL answers; otherwise why not. In CI a missing server is a failure (the
 * machine provides one); elsewhere the tests that need it are skipped, saying so.
 */
export async function postgresProblem(): Promise<string | undefined> {
  const probe = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await probe.connect();
    await probe.query("SELECT 1");
    return undefined;
  } catch (err) {
    const problem = `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (${err instanceof Error ? err.message || err.name : String(err)})`;
    if (process.env.CI === "true") throw new Error(`${problem}; CI needs it for the replica tests`);
    process.stderr.write(
      `${problem}: skipping the tests that need it; set POSTGRES_URL to run them\n`,
    );
    return problem;
  } finally {
    await probe.end().catch(() => {});
  }
}

/** A database of its own for one test file: its URL, and `drop` to remove it afterwards. */
export async function freshDatabase(
  what: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `agent_mesh_${what}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Rows of one query against a test database. */
export async function queryDatabase<R>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as R[];
  } finally {
    await client.end();
  }
}
