import { createHmac } from "node:crypto";
import type { Context, Hono } from "hono";
import type { Database } from "./database.js";
import { type Claims, JWT_SECRET } from "./jwt.js";

type Env = { Variables: { claims: Claims } };

/** Storage API's error body: `{ statusCode, error, message }` with the HTTP status. */
function storageError(c: Context, status: 400 | 403 | 404, error: string, message: string) {
  return c.json({ statusCode: String(status), error, message }, status);
}

/** Buckets a role may see: the service role every bucket, others the public ones. */
const visible = (claims: Claims) => (claims.role === "service_role" ? "TRUE" : "b.public");

/** Storage's `/storage/v1`: list buckets, list objects under a prefix, sign an object URL. */
export function mountStorage(app: Hono<Env>, db: Database): void {
  app.get("/storage/v1/bucket", async (c) => {
    const rows = await db.transaction(async (query) =>
      (
        await query(
          `SELECT id, name, name AS owner, public, created_at, updated_at FROM storage.buckets b WHERE ${visible(c.get("claims"))} ORDER BY name`,
        )
      ).rows.map((row) => ({
        ...row,
        owner: "",
        file_size_limit: null,
        allowed_mime_types: null,
        created_at: new Date(row.created_at as string).toISOString(),
        updated_at: new Date(row.updated_at as string).toISOString(),
      })),
    );
    return c.json(rows);
  });

  app.post("/storage/v1/object/list/:bucket", async (c) => {
    const bucket = c.req.param("bucket") ?? "";
    const body = (await c.req.json().catch(() => ({}))) as {
      prefix?: unknown;
      limit?: unknown;
      offset?: unknown;
    };
    const prefix = typeof body.prefix === "string" ? body.prefix.replace(/^\/+|\/+$/g, "") : "";
    const limit = Number.isInteger(body.limit) ? Math.min(Number(body.limit), 1000) : 100;
    const offset = Number.isInteger(body.offset) ? Number(body.offset) : 0;
    const found = await db.transaction(async (query) => {
      const b = await query(
        `SELECT 1 FROM storage.buckets b WHERE id = $1 AND ${visible(c.get("claims"))}`,
        [bucket],
      );
      if (!b.rows.length) return undefined;
      // Direct children of the prefix: files, and one entry per sub-folder (id null), by name.
      return (
        await query(
          `WITH children AS (
             SELECT split_part(substr(name, length($2) + 1), '/', 1) AS child,
                    position('/' IN substr(name, length($2) + 1)) > 0 AS folder, o.*
               FROM storage.objects o WHERE bucket_id = $1 AND name LIKE $2 || '%')
           SELECT DISTINCT ON (child) child AS name, CASE WHEN folder THEN NULL ELSE id END AS id,
                  CASE WHEN folder THEN NULL ELSE updated_at END AS updated_at,
                  CASE WHEN folder THEN NULL ELSE created_at END AS created_at,
                  CASE WHEN folder THEN NULL ELSE metadata END AS metadata
             FROM children ORDER BY child LIMIT $3 OFFSET $4`,
          [bucket, prefix ? `${prefix}/` : "", limit, offset],
        )
      ).rows;
    });
    if (!found) return storageError(c, 404, "Bucket not found", "Bucket not found");
    return c.json(found.map((row) => ({ ...row, last_accessed_at: row.updated_at })));
  });

  app.post("/storage/v1/object/sign/:bucket/*", async (c) => {
    const bucket = c.req.param("bucket") ?? "";
    const path = decodeURIComponent(c.req.path.slice(`/storage/v1/object/sign/${bucket}/`.length));
    const body = (await c.req.json().catch(() => ({}))) as { expiresIn?: unknown };
    const expiresIn = Number(body.expiresIn);
    if (!Number.isInteger(expiresIn) || expiresIn < 1) {
      return storageError(c, 400, "Invalid Input", "expiresIn must be a positive integer");
    }
    if (c.get("claims").role !== "service_role") {
      return storageError(c, 403, "Unauthorized", "new row violates row-level security policy");
    }
    const found = await db.transaction(
      async (query) =>
        (
          await query("SELECT 1 FROM storage.objects WHERE bucket_id = $1 AND name = $2", [
            bucket,
            path,
          ])
        ).rows.length > 0,
    );
    if (!found) return storageError(c, 404, "not_found", "Object not found");
    const exp = Math.floor(Date.now() / 1000) + expiresIn;
    const claims = Buffer.from(JSON.stringify({ url: `${bucket}/${path}`, exp })).toString(
      "base64url",
    );
    const token = `${claims}.${createHmac("sha256", JWT_SECRET).update(claims).digest("base64url")}`;
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    return c.json({ signedURL: `/object/sign/${bucket}/${encoded}?token=${token}` });
  });
}
