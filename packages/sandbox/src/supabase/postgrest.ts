import type { Context, Hono } from "hono";
import type { Database, Query } from "./database.js";
import type { Claims } from "./jwt.js";
import { fromPostgres, PostgrestError, parseError } from "./postgrest-error.js";
import { orderClause, Params, whereClause } from "./postgrest-filter.js";
import { ident, parseSelect, selectList } from "./postgrest-select.js";

/** Schemas PostgREST exposes (its `db-schemas`). */
const EXPOSED = ["public"];
const JSON_TYPE = "application/json; charset=utf-8";

type Env = { Variables: { claims: Claims } };

interface Prefer {
  return: "representation" | "minimal" | "headers-only";
  count: boolean;
  resolution?: "merge-duplicates" | "ignore-duplicates";
}

function prefer(header: string | undefined): Prefer {
  const parts = (header ?? "").split(/[,\s]+/).filter(Boolean);
  const value = (name: string) =>
    parts.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
  return {
    return: (value("return") as Prefer["return"] | undefined) ?? "minimal",
    count: value("count") === "exact",
    resolution: value("resolution") as Prefer["resolution"],
  };
}

/** The schema a request names in Accept-Profile (reads) or Content-Profile (writes). */
function schemaOf(c: Context, write: boolean): string {
  const schema = c.req.header(write ? "content-profile" : "accept-profile") ?? EXPOSED[0];
  if (!EXPOSED.includes(schema as string)) {
    throw new PostgrestError(
      406,
      "PGRST106",
      `Invalid schema: ${schema}`,
      null,
      `Only the following schemas are exposed: ${EXPOSED.join(", ")}`,
    );
  }
  return schema as string;
}

/** Runs the request as PostgREST does: one transaction with the JWT's role and claims set. */
async function asRole<T>(
  db: Database,
  claims: Claims,
  fn: (query: Query) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (query) => {
      await query(
        "SELECT set_config('request.jwt.claims', $1, true), set_config('role', $2, true)",
        [JSON.stringify(claims), claims.role],
      );
      return fn(query);
    });
  } catch (err) {
    throw fromPostgres(err, claims.role) ?? err;
  }
}

async function requireTable(query: Query, schema: string, table: string): Promise<void> {
  const { rows } = await query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
    [schema, table],
  );
  if (rows.length === 0) {
    throw new PostgrestError(
      404,
      "PGRST205",
      `Could not find the table '${schema}.${table}' in the schema cache`,
      null,
      null,
    );
  }
}

/** `Range: 0-9` or `limit`/`offset` as [offset, limit]. */
function window(c: Context): { offset: number; limit: number | undefined } {
  const integer = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw parseError(`"failed to parse ${name} (${text})"`);
    return Number(text);
  };
  let offset = integer("offset", c.req.query("offset")) ?? 0;
  let limit = integer("limit", c.req.query("limit"));
  const range = /^(\d+)-(\d*)$/.exec(c.req.header("range") ?? "");
  if (range) {
    offset = Number(range[1]);
    if (range[2])
      limit = Math.min(limit ?? Number.POSITIVE_INFINITY, Number(range[2]) - offset + 1);
  }
  return { offset, limit };
}

function body(rows: unknown[], c: Context): { status: number; text: string } {
  if ((c.req.header("accept") ?? "").includes("application/vnd.pgrst.object+json")) {
    if (rows.length !== 1) {
      const error = new PostgrestError(
        406,
        "PGRST116",
        "JSON object requested, multiple (or no) rows returned",
        `The result contains ${rows.length} rows`,
      );
      return { status: 406, text: JSON.stringify(error.body()) };
    }
    return { status: 200, text: JSON.stringify(rows[0]) };
  }
  return { status: 200, text: JSON.stringify(rows) };
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new PostgrestError(400, "PGRST102", "Empty or invalid json", null, null);
  }
}

/** PostgREST's `/rest/v1` (tables and `/rpc/<fn>`) over the stand-in's database. */
export function mountPostgrest(app: Hono<Env>, db: Database): void {
  const handle =
    (fn: (c: Context<Env>) => Promise<Response>) =>
    async (c: Context<Env>): Promise<Response> => {
      try {
        return await fn(c);
      } catch (err) {
        if (err instanceof PostgrestError) {
          return new Response(JSON.stringify(err.body()), {
            status: err.status,
            headers: { "content-type": JSON_TYPE },
          });
        }
        throw err;
      }
    };

  app.get(
    "/rest/v1/:table",
    handle(async (c) => {
      const table = param(c, "table");
      const schema = schemaOf(c, false);
      const url = new URL(c.req.url);
      const { offset, limit } = window(c);
      const pref = prefer(c.req.header("prefer"));
      return asRole(db, c.get("claims"), async (query) => {
        await requireTable(query, schema, table);
        const params = new Params();
        const where = whereClause(url.searchParams, "_t", params);
        const columns = await selectList(
          query,
          schema,
          table,
          "_t",
          parseSelect(c.req.query("select")),
        );
        const source = `${ident(schema)}.${ident(table)} AS _t`;
        const page = `${limit === undefined ? "" : `LIMIT ${limit}`} OFFSET ${offset}`;
        const { rows } = await query(
          `SELECT coalesce(json_agg(_r), '[]'::json)::text AS body FROM (SELECT ${columns} FROM ${source} ${where.sql} ${orderClause(c.req.query("order") ?? null, "_t")} ${page}) _r`,
          params.values,
        );
        const data = JSON.parse(String(rows[0]?.body)) as unknown[];
        let total = "*";
        if (pref.count) {
          const counted = await query(
            `SELECT count(*)::text AS n FROM ${source} ${where.sql}`,
            params.values,
          );
          total = String(counted.rows[0]?.n);
        }
        const range = data.length ? `${offset}-${offset + data.length - 1}/${total}` : `*/${total}`;
        const partial = total !== "*" && offset + data.length < Number(total) && data.length > 0;
        const out = body(data, c);
        return new Response(out.text, {
          status: out.status === 200 && partial ? 206 : out.status,
          headers: { "content-type": JSON_TYPE, "content-range": range },
        });
      });
    }),
  );

  app.post(
    "/rest/v1/rpc/:fn",
    handle(async (c) => {
      const fn = param(c, "fn");
      const schema = schemaOf(c, true);
      const args = (await readJson(c)) as Record<string, unknown>;
      if (typeof args !== "object" || args === null || Array.isArray(args)) {
        throw new PostgrestError(400, "PGRST102", "Function arguments must be a JSON object");
      }
      return asRole(db, c.get("claims"), async (query) => {
        const found = await query(
          `SELECT p.proretset AS set, t.typtype AS kind FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_type t ON t.oid = p.prorettype
            WHERE n.nspname = $1 AND p.proname = $2`,
          [schema, fn],
        );
        const proc = found.rows[0];
        if (!proc) {
          throw new PostgrestError(
            404,
            "PGRST202",
            `Could not find the function ${schema}.${fn}(${Object.keys(args).join(", ")}) in the schema cache`,
            `Searched for the function ${schema}.${fn} with parameters ${Object.keys(args).join(", ")}, but no matches were found in the schema cache.`,
          );
        }
        const params = new Params();
        const named = Object.entries(args).map(([name, value]) => {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw parseError(`bad argument name ${name}`);
          const param = params.add(
            value !== null && typeof value === "object" ? JSON.stringify(value) : value,
          );
          return `${ident(name)} := ${param}`;
        });
        const call = `${ident(schema)}.${ident(fn)}(${named.join(", ")})`;
        const sql =
          proc.set || proc.kind === "c"
            ? `SELECT coalesce(json_agg(_r), '[]'::json)::text AS body FROM ${call} _r`
            : `SELECT to_json(${call})::text AS body`;
        const { rows } = await query(sql, params.values);
        const text = String(rows[0]?.body ?? "null");
        return new Response(proc.set || proc.kind === "c" ? text : text, {
          status: 200,
          headers: { "content-type": JSON_TYPE },
        });
      });
    }),
  );

  app.post(
    "/rest/v1/:table",
    handle(async (c) => {
      const table = param(c, "table");
      const schema = schemaOf(c, true);
      const pref = prefer(c.req.header("prefer"));
      const payload = await readJson(c);
      const rows = Array.isArray(payload) ? payload : [payload];
      if (rows.some((row) => typeof row !== "object" || row === null || Array.isArray(row))) {
        throw new PostgrestError(400, "PGRST102", "All object keys must match", null, null);
      }
      const given = c.req.query("columns");
      const keys = given
        ? given.split(",").map((k) => k.replaceAll('"', ""))
        : [...new Set(rows.flatMap((row) => Object.keys(row as object)))];
      return asRole(db, c.get("claims"), async (query) => {
        await requireTable(query, schema, table);
        const target = `${ident(schema)}.${ident(table)}`;
        const cols = keys.map(ident).join(", ");
        const params = new Params();
        const source = params.add(JSON.stringify(rows));
        let conflict = "";
        const onConflict = c.req.query("on_conflict");
        if (pref.resolution || onConflict) {
          const targets = (onConflict ?? "").split(",").filter(Boolean).map(ident).join(", ");
          const action =
            pref.resolution === "ignore-duplicates"
              ? "DO NOTHING"
              : `DO UPDATE SET ${keys.map((k) => `${ident(k)} = EXCLUDED.${ident(k)}`).join(", ")}`;
          conflict = `ON CONFLICT ${targets ? `(${targets})` : ""} ${action}`;
        }
        const insert = keys.length
          ? `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${target}, ${source}::json) ${conflict} RETURNING *`
          : `INSERT INTO ${target} DEFAULT VALUES RETURNING *`;
        return mutate(c, query, schema, table, insert, params.values, pref, 201);
      });
    }),
  );

  app.patch(
    "/rest/v1/:table",
    handle(async (c) => {
      const table = param(c, "table");
      const schema = schemaOf(c, true);
      const pref = prefer(c.req.header("prefer"));
      const payload = await readJson(c);
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        throw new PostgrestError(400, "PGRST102", "PATCH needs one JSON object", null, null);
      }
      const keys = Object.keys(payload);
      return asRole(db, c.get("claims"), async (query) => {
        await requireTable(query, schema, table);
        const target = `${ident(schema)}.${ident(table)}`;
        const params = new Params();
        const source = params.add(JSON.stringify(payload));
        const where = whereClause(new URL(c.req.url).searchParams, "_t", params);
        const cols = keys.map(ident).join(", ");
        const update = `UPDATE ${target} AS _t SET (${cols}) = (SELECT ${cols} FROM json_populate_record(NULL::${target}, ${source}::json)) ${where.sql} RETURNING _t.*`;
        return mutate(c, query, schema, table, update, params.values, pref, 200);
      });
    }),
  );

  app.delete(
    "/rest/v1/:table",
    handle(async (c) => {
      const table = param(c, "table");
      const schema = schemaOf(c, true);
      const pref = prefer(c.req.header("prefer"));
      return asRole(db, c.get("claims"), async (query) => {
        await requireTable(query, schema, table);
        const params = new Params();
        const where = whereClause(new URL(c.req.url).searchParams, "_t", params);
        const sql = `DELETE FROM ${ident(schema)}.${ident(table)} AS _t ${where.sql} RETURNING _t.*`;
        return mutate(c, query, schema, table, sql, params.values, pref, 200);
      });
    }),
  );
}

/** A path parameter of the route (always present once the route matched). */
const param = (c: Context, name: string): string => c.req.param(name) ?? "";

/** Runs a data-modifying statement and answers as PostgREST: the rows, or none, and a count. */
async function mutate(
  c: Context,
  query: Query,
  schema: string,
  table: string,
  statement: string,
  values: unknown[],
  pref: Prefer,
  okStatus: number,
): Promise<Response> {
  const columns = await selectList(query, schema, table, "_t", parseSelect(c.req.query("select")));
  const { rows } = await query(
    `WITH _m AS (${statement}) SELECT coalesce(json_agg(_r), '[]'::json)::text AS body, count(*)::text AS n FROM (SELECT ${columns} FROM _m AS _t) _r`,
    values,
  );
  const data = JSON.parse(String(rows[0]?.body)) as unknown[];
  const headers: Record<string, string> = {
    "content-range": `*/${pref.count ? String(rows[0]?.n) : "*"}`,
  };
  if (pref.return !== "representation") {
    return new Response(null, { status: okStatus === 201 ? 201 : 204, headers });
  }
  const out = body(data, c);
  // A singular response that does not hold exactly one row undoes the change, as PostgREST does.
  if (out.status !== 200)
    throw new PostgrestError(out.status, "PGRST116", JSON.parse(out.text).message);
  return new Response(out.text, {
    status: okStatus,
    headers: { ...headers, "content-type": JSON_TYPE },
  });
}
