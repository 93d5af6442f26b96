import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import { openDatabase } from "./database.js";
import { mountGotrue } from "./gotrue.js";
import { ANON_KEY, type Claims, SERVICE_ROLE_KEY, verify } from "./jwt.js";
import { mountPostgrest } from "./postgrest.js";
import { ROLES_SQL, SEED_SQL } from "./seed.js";
import { mountStorage } from "./storage.js";

type Env = { Variables: { claims: Claims } };

/**
 * Stand-in for a Supabase project on one port: PostgREST (`/rest/v1`), GoTrue (`/auth/v1`) and
 * Storage (`/storage/v1`) subsets over a real database, with row-level security enforced by
 * Postgres (each request runs as the JWT's role with `request.jwt.claims` set). The database is
 * the machine's PostgreSQL when SUPABASE_SANDBOX_POSTGRES_URL is set (a fresh database, dropped
 * on close), else embedded PGlite; SUPABASE_DB_URL reaches it directly either way.
 */
export const supabase = defineStandIn({
  name: "supabase",
  title: "Supabase",
  credentials: { SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY },
  env: (url) => ({
    SUPABASE_URL: url,
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    SUPABASE_ANON_KEY: ANON_KEY,
  }),
  createApp: async ({ recorder, faults, onClose, addEnv }) => {
    const db = await openDatabase();
    onClose(() => db.close());
    try {
      await db.transaction(async (query) => {
        for (const statement of ROLES_SQL.split("\n").filter((line) => line.trim())) {
          await query(statement);
        }
      });
      await db.transaction(async (query) => {
        // One statement at a time: the extended protocol (PGlite's and pg's) runs one per call.
        for (const statement of splitStatements(SEED_SQL)) await query(statement);
      });
    } catch (err) {
      await db.close();
      throw err;
    }
    addEnv({ SUPABASE_DB_URL: db.url });
    const app = new Hono<Env>();
    app.use("*", recorder.middleware("supabase"));
    app.use("*", faults.middleware("supabase"));
    app.use("*", async (c, next) => {
      const key = c.req.header("apikey") ?? c.req.query("apikey");
      const keyClaims = key ? await verify(key) : undefined;
      if (!keyClaims) {
        return c.json(
          { message: "Invalid API key", hint: "Double check the provided API key." },
          401,
        );
      }
      const bearer = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      const claims = bearer && bearer !== key ? await verify(bearer) : keyClaims;
      if (!claims) {
        return c.req.path.startsWith("/auth/")
          ? c.json(
              {
                code: 401,
                error_code: "bad_jwt",
                msg: "invalid JWT: unable to parse or verify signature",
              },
              401,
            )
          : c.json(
              { code: "PGRST301", details: null, hint: null, message: "JWT could not be decoded" },
              401,
            );
      }
      c.set("claims", claims);
      await next();
    });
    mountPostgrest(app, db);
    mountGotrue(app, db);
    mountStorage(app, db);
    app.notFound((c) => c.json({ message: "no Route matched with those values" }, 404));
    return app as unknown as Hono;
  },
});

/** Splits seed SQL on semicolons at line ends, keeping $f$ ... $f$ bodies whole. */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const line of sql.split("\n")) {
    current += `${line}\n`;
    quoted = (line.match(/\$f\$/g)?.length ?? 0) % 2 === 1 ? !quoted : quoted;
    if (!quoted && line.trimEnd().endsWith(";")) {
      out.push(current.trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
