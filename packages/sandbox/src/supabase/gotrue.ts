import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import type { Database, Query } from "./database.js";
import { type Claims, sessionToken } from "./jwt.js";

type Env = { Variables: { claims: Claims } };

/** A GoTrue error: legacy body `{ code, error_code, msg }`, or `{ code, message }` for API 2024-01-01. */
class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const API_VERSION = "2024-01-01";
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hash(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString("hex")}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function verifyPassword(password: string, stored: string | null): boolean {
  const [salt, digest] = (stored ?? "").split(":");
  if (!salt || !digest) return false;
  const given = scryptSync(password, Buffer.from(salt, "hex"), 32);
  return timingSafeEqual(given, Buffer.from(digest, "hex"));
}

type Row = Record<string, unknown>;

/** A user as GoTrue's admin API returns it. */
function toUser(row: Row) {
  const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : undefined);
  return {
    id: row.id,
    aud: row.aud,
    role: row.role,
    email: row.email,
    email_confirmed_at: iso(row.email_confirmed_at),
    phone: "",
    confirmed_at: iso(row.email_confirmed_at),
    last_sign_in_at: iso(row.last_sign_in_at),
    app_metadata: row.raw_app_meta_data,
    user_metadata: row.raw_user_meta_data,
    identities: [],
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    is_anonymous: false,
  };
}

function checkPassword(password: unknown): string {
  if (typeof password !== "string")
    throw new AuthError(400, "validation_failed", "Password must be a string");
  if (password.length < 6) {
    throw new AuthError(422, "weak_password", "Password should be at least 6 characters.", {
      weak_password: { reasons: ["length"] },
    });
  }
  return password;
}

function checkEmail(email: unknown): string {
  if (typeof email !== "string" || !EMAIL.test(email)) {
    throw new AuthError(
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
  }
  return email.toLowerCase();
}

function metadata(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AuthError(400, "validation_failed", `${name} must be a JSON object`);
  }
  return JSON.stringify(value);
}

async function userById(query: Query, id: string): Promise<Row> {
  if (!UUID.test(id)) throw new AuthError(404, "user_not_found", "User not found");
  const { rows } = await query("SELECT * FROM auth.users WHERE id = $1", [id]);
  if (!rows[0]) throw new AuthError(404, "user_not_found", "User not found");
  return rows[0];
}

/** GoTrue's `/auth/v1`: admin users CRUD (service role only) and password sign-in. */
export function mountGotrue(app: Hono<Env>, db: Database): void {
  const handle =
    (admin: boolean, fn: (c: Context<Env>, query: Query) => Promise<Response>) =>
    async (c: Context<Env>): Promise<Response> => {
      const versioned = (c.req.header("x-supabase-api-version") ?? "") >= API_VERSION;
      const headers: Record<string, string> = versioned
        ? { "x-supabase-api-version": API_VERSION }
        : {};
      try {
        if (admin && c.get("claims").role !== "service_role") {
          throw new AuthError(403, "not_admin", "User not allowed");
        }
        const response = await db.transaction((query) => fn(c, query));
        for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
        return response;
      } catch (err) {
        const error =
          err instanceof AuthError
            ? err
            : (err as { code?: string }).code === "23505"
              ? new AuthError(
                  422,
                  "email_exists",
                  "A user with this email address has already been registered",
                )
              : undefined;
        if (!error) throw err;
        const body = versioned
          ? { code: error.errorCode, message: error.message, ...error.extra }
          : { code: error.status, error_code: error.errorCode, msg: error.message, ...error.extra };
        return c.json(body, error.status as 400, headers);
      }
    };
  const readBody = async (c: Context): Promise<Row> => {
    const body = (await c.req.json().catch(() => undefined)) as unknown;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AuthError(400, "bad_json", "Could not parse request body as JSON");
    }
    return body as Row;
  };

  app.post(
    "/auth/v1/admin/users",
    handle(true, async (c, query) => {
      const body = await readBody(c);
      const email = checkEmail(body.email);
      const password = body.password === undefined ? undefined : checkPassword(body.password);
      const { rows } = await query(
        `INSERT INTO auth.users (id, email, encrypted_password, email_confirmed_at, raw_user_meta_data, raw_app_meta_data)
         VALUES ($1, $2, $3, CASE WHEN $4::boolean THEN now() END, coalesce($5::jsonb, '{}'),
                 '{"provider":"email","providers":["email"]}'::jsonb || coalesce($6::jsonb, '{}'))
         RETURNING *`,
        [
          randomUUID(),
          email,
          password === undefined ? null : hash(password),
          body.email_confirm === true,
          metadata(body.user_metadata, "user_metadata") ?? null,
          metadata(body.app_metadata, "app_metadata") ?? null,
        ],
      );
      return c.json(toUser(rows[0] as Row));
    }),
  );

  app.get(
    "/auth/v1/admin/users",
    handle(true, async (c, query) => {
      const page = Math.max(1, Number.parseInt(c.req.query("page") || "1", 10) || 1);
      const perPage = Math.min(
        1000,
        Math.max(1, Number.parseInt(c.req.query("per_page") || "50", 10) || 50),
      );
      const total = Number((await query("SELECT count(*)::text AS n FROM auth.users")).rows[0]?.n);
      const { rows } = await query(
        "SELECT * FROM auth.users ORDER BY created_at, id LIMIT $1 OFFSET $2",
        [perPage, (page - 1) * perPage],
      );
      const last = Math.max(1, Math.ceil(total / perPage));
      const base = new URL(c.req.url);
      const link = (p: number, rel: string) => {
        base.searchParams.set("page", String(p));
        base.searchParams.set("per_page", String(perPage));
        return `<${base.pathname}${base.search}>; rel="${rel}"`;
      };
      const links = [...(page < last ? [link(page + 1, "next")] : []), link(last, "last")];
      return c.json({ users: rows.map(toUser), aud: "authenticated" }, 200, {
        "x-total-count": String(total),
        link: links.join(", "),
      });
    }),
  );

  app.get(
    "/auth/v1/admin/users/:id",
    handle(true, async (c, query) =>
      c.json(toUser(await userById(query, c.req.param("id") ?? ""))),
    ),
  );

  app.put(
    "/auth/v1/admin/users/:id",
    handle(true, async (c, query) => {
      const id = c.req.param("id") ?? "";
      await userById(query, id);
      const body = await readBody(c);
      const email = body.email === undefined ? null : checkEmail(body.email);
      const password = body.password === undefined ? null : hash(checkPassword(body.password));
      const confirm = body.email_confirm === undefined ? null : body.email_confirm === true;
      const { rows } = await query(
        `UPDATE auth.users SET email = coalesce($2, email), encrypted_password = coalesce($3, encrypted_password),
           email_confirmed_at = CASE WHEN $4::boolean IS NULL THEN email_confirmed_at WHEN $4 THEN coalesce(email_confirmed_at, now()) END,
           raw_user_meta_data = raw_user_meta_data || coalesce($5::jsonb, '{}'),
           raw_app_meta_data = raw_app_meta_data || coalesce($6::jsonb, '{}'), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [
          id,
          email,
          password,
          confirm,
          metadata(body.user_metadata, "user_metadata") ?? null,
          metadata(body.app_metadata, "app_metadata") ?? null,
        ],
      );
      return c.json(toUser(rows[0] as Row));
    }),
  );

  app.delete(
    "/auth/v1/admin/users/:id",
    handle(true, async (c, query) => {
      const id = c.req.param("id") ?? "";
      await userById(query, id);
      await query("DELETE FROM auth.users WHERE id = $1", [id]);
      return c.json({});
    }),
  );

  app.post(
    "/auth/v1/token",
    handle(false, async (c, query) => {
      if (c.req.query("grant_type") !== "password") {
        throw new AuthError(400, "unsupported_grant_type", "Unsupported grant type");
      }
      const body = await readBody(c);
      const email = typeof body.email === "string" ? body.email.toLowerCase() : "";
      const { rows } = await query("SELECT * FROM auth.users WHERE email = $1", [email]);
      const user = rows[0];
      if (
        !user ||
        !verifyPassword(String(body.password ?? ""), user.encrypted_password as string)
      ) {
        throw new AuthError(400, "invalid_credentials", "Invalid login credentials");
      }
      if (!user.email_confirmed_at)
        throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
      const signedIn = await query(
        "UPDATE auth.users SET last_sign_in_at = now() WHERE id = $1 RETURNING *",
        [user.id],
      );
      const expiresIn = 3600;
      return c.json({
        access_token: await sessionToken({ id: String(user.id), email }, expiresIn),
        token_type: "bearer",
        expires_in: expiresIn,
        expires_at: Math.floor(Date.now() / 1000) + expiresIn,
        refresh_token: randomBytes(16).toString("hex"),
        user: toUser(signedIn.rows[0] as Row),
      });
    }),
  );
}
