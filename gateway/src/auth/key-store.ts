import { timingSafeEqual } from "node:crypto";
import type { Database } from "../audit/database.js";
import { generateKey, hashKey, keyId } from "./key-token.js";

/** Serialises table creation across replicas, as the audit log does. */
const SCHEMA_LOCK = 727_274_002;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_mesh_api_keys (
  id TEXT PRIMARY KEY,
  client TEXT NOT NULL,
  roles TEXT NOT NULL,
  tenant TEXT,
  hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
)`;

/** An API key as `keys list` shows it: never the key, nor its hash. */
export interface ApiKey {
  id: string;
  client: string;
  roles: string[];
  tenant?: string;
  created_at: string;
  expires_at?: string;
  revoked_at?: string;
  last_used_at?: string;
}

export interface KeyGrant {
  client: string;
  roles: string[];
  tenant?: string | undefined;
  /** Milliseconds the key is valid for; absent, until revoked. */
  expiresInMs?: number | undefined;
}

/** What a presented key turned out to be. */
export type KeyCheck =
  | { ok: true; key: ApiKey }
  | { ok: false; reason: "unknown" | "revoked" | "expired"; key?: ApiKey };

interface Row {
  id: string;
  client: string;
  roles: string;
  tenant: string | null;
  hash: string;
  created_at: string | number;
  expires_at: string | number | null;
  revoked_at: string | number | null;
  last_used_at: string | number | null;
}

/**
 * API keys in the mesh's database (beside the audit log), stored as their SHA-256. Every check
 * reads the database, so a key revoked on one replica is refused by all of them at once.
 */
export class KeyStore {
  private constructor(
    readonly db: Database,
    private readonly now: () => number,
  ) {}

  static async open(db: Database, now: () => number = Date.now): Promise<KeyStore> {
    await db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK]);
      await query(SCHEMA);
    });
    return new KeyStore(db, now);
  }

  /** Creates a key; the returned token is the only time anyone sees it. */
  async create(grant: KeyGrant): Promise<{ token: string; key: ApiKey }> {
    const { id, token, hash } = generateKey();
    const now = this.now();
    const expires = grant.expiresInMs === undefined ? null : now + grant.expiresInMs;
    const [row] = await this.db.query<Row>(
      `INSERT INTO agent_mesh_api_keys (id, client, roles, tenant, hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [id, grant.client, JSON.stringify(grant.roles), grant.tenant ?? null, hash, now, expires],
    );
    return { token, key: toKey(row!) };
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.db.query<Row>("SELECT * FROM agent_mesh_api_keys ORDER BY created_at");
    return rows.map(toKey);
  }

  /** Revokes a key by id; false when there is no such key. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<ApiKey | undefined> {
    const [row] = await this.db.query<Row>(
      `UPDATE agent_mesh_api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING *`,
      [id, this.now()],
    );
    return row ? toKey(row) : undefined;
  }

  /** Checks a presented key against the database, now. */
  async check(token: string): Promise<KeyCheck> {
    const id = keyId(token);
    if (!id) return { ok: false, reason: "unknown" };
    const [row] = await this.db.query<Row>("SELECT * FROM agent_mesh_api_keys WHERE id = $1", [id]);
    if (!row) return { ok: false, reason: "unknown" };
    const given = Buffer.from(hashKey(token), "hex");
    const stored = Buffer.from(row.hash, "hex");
    if (stored.length !== given.length || !timingSafeEqual(stored, given))
      return { ok: false, reason: "unknown" };
    const key = toKey(row);
    if (row.revoked_at !== null) return { ok: false, reason: "revoked", key };
    if (row.expires_at !== null && Number(row.expires_at) <= this.now())
      return { ok: false, reason: "expired", key };
    // Best effort: a failed bookkeeping write does not refuse a good key.
    this.db
      .query("UPDATE agent_mesh_api_keys SET last_used_at = $2 WHERE id = $1", [id, this.now()])
      .catch(() => {});
    return { ok: true, key };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function toKey(row: Row): ApiKey {
  const time = (value: string | number | null) =>
    value === null ? undefined : new Date(Number(value)).toISOString();
  const expires = time(row.expires_at);
  const revoked = time(row.revoked_at);
  const used = time(row.last_used_at);
  return {
    id: row.id,
    client: row.client,
    roles: JSON.parse(row.roles) as string[],
    ...(row.tenant ? { tenant: row.tenant } : {}),
    created_at: time(row.created_at)!,
    ...(expires ? { expires_at: expires } : {}),
    ...(revoked ? { revoked_at: revoked } : {}),
    ...(used ? { last_used_at: used } : {}),
  };
}
