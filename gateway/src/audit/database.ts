import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { claimDirectory } from "./pglite-owner.js";

/** The one SQL seam: PostgreSQL through `pg`, or the embedded PGlite, with the same dialect. */
export interface Database {
  /** Where it is, for people: a postgres URL without its password, or the data directory. */
  readonly target: string;
  readonly kind: "postgres" | "pglite";
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * A postgres:// URL for libraries that need a wire connection (the workflow engine): the
   * server's own, or the embedded database served on a loopback port while it is open.
   */
  wireUrl(): Promise<string>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (query: Database["query"]) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the embedded database keeps its files: $AGENT_MESH_HOME/data/mesh (~/.agent-mesh). */
export function dataDirectory(env: Record<string, string | undefined>): string {
  return join(env.AGENT_MESH_HOME || join(homedir(), ".agent-mesh"), "data", "mesh");
}

/** Opens `database:` from mesh.yaml, or the embedded PGlite under the data directory. */
export async function openDatabase(
  url: string | undefined,
  env: Record<string, string | undefined>,
): Promise<Database> {
  return url ? openPostgres(url) : openPglite(dataDirectory(env));
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's error (the server restarted) must not crash the gateway.
  pool.on("error", () => {});
  const target = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  return {
    target,
    kind: "postgres",
    wireUrl: async () => url,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(async (sql, params) => (await client.query(sql, params)).rows);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Open embedded databases of this process, by directory: meshes in one process share one. */
const openPglites = new Map<string, { db: Promise<Database>; users: number }>();

function openPglite(directory: string): Promise<Database> {
  const open = openPglites.get(directory);
  if (open) {
    open.users++;
    return open.db;
  }
  const entry = { db: createPglite(directory), users: 1 };
  openPglites.set(directory, entry);
  entry.db.catch(() => openPglites.delete(directory));
  return entry.db.then((db) => ({
    ...db,
    async close() {
      if (--entry.users > 0) return;
      openPglites.delete(directory);
      await db.close();
    },
  }));
}

async function createPglite(directory: string): Promise<Database> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const release = claimDirectory(directory);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(directory);
    let served: Promise<{ url: string; stop: () => Promise<void> }> | undefined;
    return {
      target: directory,
      kind: "pglite",
      wireUrl() {
        served ??= serveWire(db);
        return served.then(({ url }) => url);
      },
      async query(sql, params) {
        return (await db.query(sql, params)).rows as never;
      },
      // PGlite runs one transaction at a time: concurrent appends queue here.
      transaction: (work) =>
        db.transaction((tx) =>
          work(async (sql, params) => (await tx.query(sql, params)).rows as never),
        ),
      async close() {
        if (served) await (await served).stop().catch(() => {});
        await db.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * Serves the embedded database on a loopback port. pglite-socket queues every connection's
 * queries on the one PGlite session, so clients must keep to one connection for transactions
 * (the workflow engine's pool has size 1; its LISTEN connection only listens).
 */
async function serveWire(
  db: import("@electric-sql/pglite").PGlite,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    stop: () => server.stop(),
  };
}
