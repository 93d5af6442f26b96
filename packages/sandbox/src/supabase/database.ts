import { randomBytes } from "node:crypto";

/** One query's answer, the same from node-postgres and PGlite. */
export interface QueryResult {
  rows: Record<string, unknown>[];
  fields: Array<{ name: string; dataTypeID: number }>;
}

export type Query = (text: string, params?: unknown[]) => Promise<QueryResult>;

/** The database behind the stand-in: PostgREST and GoTrue run their SQL through it. */
export interface Database {
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  /** A postgres:// URL for direct connections (the platform server's SUPABASE_DB_URL). */
  url: string;
  /** Which engine: "postgres" (a real server) or "pglite" (embedded). */
  engine: "postgres" | "pglite";
  close(): Promise<void>;
}

/**
 * The machine's PostgreSQL when `SUPABASE_SANDBOX_POSTGRES_URL` names a server (tests: a database
 * of its own, created here and dropped on close), else PGlite, embedded, with a wire-protocol
 * socket on a free port so direct connections work too: a newcomer needs no server.
 */
export async function openDatabase(
  env: Record<string, string | undefined> = process.env,
): Promise<Database> {
  const server = env.SUPABASE_SANDBOX_POSTGRES_URL?.trim();
  return server ? openPostgres(server) : openPglite();
}

async function openPostgres(serverUrl: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const name = `agent_mesh_supabase_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // An idle client's error (the database dropped under it) must not crash the process.
  pool.on("error", () => {});
  return {
    url: url.toString(),
    engine: "postgres",
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(async (text, params) => {
          const answer = await client.query(text, params);
          return { rows: answer.rows, fields: answer.fields };
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

async function openPglite(): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create();
  const socket = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 8 });
  await socket.start();
  return {
    url: `postgres://postgres@${socket.getServerConn()}/postgres`,
    engine: "pglite",
    transaction: (fn) =>
      db.transaction((tx) =>
        fn(async (text, params) => {
          const answer = await tx.query<Record<string, unknown>>(text, params);
          return { rows: answer.rows, fields: answer.fields };
        }),
      ),
    async close() {
      await socket.stop();
      await db.close();
    },
  };
}
