import { matchesGlob } from "@agent-mesh/core";
import type { Database } from "./database.js";
import { type AuditEntry, type AuditRecord, GENESIS, recordHash } from "./record.js";

/** Holds the chain's head while a record is appended, across every replica of the mesh. */
const CHAIN_LOCK = 727_274_001;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_mesh_audit (
  seq BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  caller TEXT NOT NULL,
  address TEXT,
  tool TEXT,
  downstream TEXT,
  arguments TEXT,
  outcome TEXT NOT NULL,
  duration_ms DOUBLE PRECISION,
  rule TEXT,
  approval TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
ALTER TABLE agent_mesh_audit ADD COLUMN IF NOT EXISTS tenant TEXT;
CREATE INDEX IF NOT EXISTS agent_mesh_audit_at ON agent_mesh_audit (at);
CREATE TABLE IF NOT EXISTS agent_mesh_audit_anchor (
  id INT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);`;

export interface AuditQuery {
  /** Only records at or after this time (ms since the epoch). */
  since?: number | undefined;
  client?: string | undefined;
  /** Only this tenant's records (docs/tenants.md); absent: every tenant's and untenanted ones. */
  tenant?: string | undefined;
  /** A glob over tool names. */
  tool?: string | undefined;
  /** An outcome: "ok" or an envelope code. */
  code?: string | undefined;
  /** Most records returned, the newest ones (default 100). */
  limit?: number | undefined;
}

/** What `audit verify` found: ok, or the first record that breaks the chain. */
export interface VerifyResult {
  ok: boolean;
  records: number;
  /** The first broken record's seq and why. */
  broken?: { seq: number; problem: string };
}

type Row = Record<string, unknown>;

/** The append-only, hash-chained audit log in the mesh's database. */
export class AuditStore {
  private constructor(
    readonly db: Database,
    private readonly now: () => number,
  ) {}

  static async open(db: Database, now: () => number = Date.now): Promise<AuditStore> {
    // Replicas starting together would race to create the tables: one at a time.
    await db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK]);
      for (const statement of SCHEMA.split(";")) if (statement.trim()) await query(statement);
    });
    return new AuditStore(db, now);
  }

  /** Appends one record after the chain's head; resolves with it once it is durable. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    return this.db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK]);
      const [head] = await query<{ hash: string }>(
        "SELECT hash FROM agent_mesh_audit ORDER BY seq DESC LIMIT 1",
      );
      const [anchor] = head
        ? []
        : await query<{ hash: string }>("SELECT hash FROM agent_mesh_audit_anchor WHERE id = 1");
      const content = { ...normalise(entry), at: this.now() };
      const prev_hash = head?.hash ?? anchor?.hash ?? GENESIS;
      const hash = recordHash({ ...content, prev_hash });
      const [row] = await query<{ seq: string }>(
        `INSERT INTO agent_mesh_audit (at, kind, caller, address, tool, downstream, arguments, outcome, duration_ms, rule, approval, detail, prev_hash, hash, tenant)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING seq`,
        [
          content.at,
          content.kind,
          content.caller,
          content.address ?? null,
          content.tool ?? null,
          content.downstream ?? null,
          json(content.arguments),
          content.outcome,
          content.duration_ms ?? null,
          content.rule ?? null,
          json(content.approval),
          json(content.detail),
          prev_hash,
          hash,
          content.tenant ?? null,
        ],
      );
      // The head, so that deleting the newest records breaks the chain too.
      await query(
        `INSERT INTO agent_mesh_audit_anchor (id, seq, hash) VALUES (2, $1, $2)
         ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
        [row!.seq, hash],
      );
      return { ...content, seq: Number(row!.seq), prev_hash, hash };
    });
  }

  /** The newest records matching the query, oldest first. */
  async query(filter: AuditQuery = {}): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace("?", `$${params.length}`));
    };
    if (filter.since !== undefined) add("at >= ?", filter.since);
    if (filter.client) add("caller = ?", filter.client);
    if (filter.tenant !== undefined) add("tenant = ?", filter.tenant);
    if (filter.code) add("outcome = ?", filter.code);
    if (filter.tool && !/[*?]/.test(filter.tool)) add("tool = ?", filter.tool);
    const limit = filter.limit ?? 100;
    const tool = filter.tool;
    // Without a glob to match in code, the database stops at the limit (mesh://audit/recent
    // reads the newest few every few seconds while subscribed).
    const sqlLimit =
      (tool === undefined || !/[*?]/.test(tool)) && Number.isInteger(limit) && limit >= 0;
    const rows = await this.db.query<Row>(
      `SELECT * FROM agent_mesh_audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC${sqlLimit ? ` LIMIT ${limit}` : ""}`,
      params,
    );
    const matching = rows
      .map(fromRow)
      .filter((record) => !tool || (record.tool !== undefined && matchesGlob(tool, record.tool)));
    return matching.slice(0, limit).reverse();
  }

  /**
   * Walks the whole chain from its anchor (the last pruned record) to its head: an edited,
   * inserted or deleted record breaks it.
   */
  async verify(): Promise<VerifyResult> {
    const rows = await this.db.query<Row>("SELECT * FROM agent_mesh_audit ORDER BY seq");
    const anchors = await this.db.query<{ id: number; seq: string; hash: string }>(
      "SELECT id, seq, hash FROM agent_mesh_audit_anchor",
    );
    const anchor = anchors.find((a) => a.id === 1);
    const head = anchors.find((a) => a.id === 2);
    let previous = anchor?.hash ?? GENESIS;
    for (const row of rows) {
      const record = fromRow(row);
      const { seq, hash, ...content } = record;
      if (record.prev_hash !== previous) {
        return {
          ok: false,
          records: rows.length,
          broken: {
            seq,
            problem:
              "its predecessor is missing or was changed (prev_hash does not match the record before it)",
          },
        };
      }
      if (recordHash(content) !== hash) {
        return {
          ok: false,
          records: rows.length,
          broken: { seq, problem: "its content was edited (the hash does not match)" },
        };
      }
      previous = hash;
    }
    if (head && head.hash !== previous) {
      return {
        ok: false,
        records: rows.length,
        broken: {
          seq: Number(head.seq),
          problem: "the newest records were deleted (the chain ends before its recorded head)",
        },
      };
    }
    return { ok: true, records: rows.length };
  }

  /** Deletes records older than `retentionMs`, keeping the chain verifiable from its new start. */
  async prune(retentionMs: number): Promise<number> {
    const cutoff = this.now() - retentionMs;
    return this.db.transaction(async (query) => {
      await query("SELECT pg_advisory_xact_lock($1)", [CHAIN_LOCK]);
      const [last] = await query<{ seq: string; hash: string }>(
        "SELECT seq, hash FROM agent_mesh_audit WHERE at < $1 ORDER BY seq DESC LIMIT 1",
        [cutoff],
      );
      if (!last) return 0;
      await query(
        `INSERT INTO agent_mesh_audit_anchor (id, seq, hash) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
        [last.seq, last.hash],
      );
      const deleted = await query<{ seq: string }>(
        "DELETE FROM agent_mesh_audit WHERE seq <= $1 RETURNING seq",
        [last.seq],
      );
      return deleted.length;
    });
  }

  /** True when the database answers (a cheap check before a side-effecting call). */
  async ping(): Promise<void> {
    await this.db.query("SELECT 1");
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Drops undefined fields, so a record hashes the same before storing and after reading. */
function normalise(entry: AuditEntry): AuditEntry {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined && value !== null),
  ) as unknown as AuditEntry;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function fromRow(row: Row): AuditRecord {
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : undefined);
  const record = {
    seq: Number(row.seq),
    at: Number(row.at),
    kind: row.kind,
    caller: row.caller,
    tenant: row.tenant ?? undefined,
    address: row.address ?? undefined,
    tool: row.tool ?? undefined,
    downstream: row.downstream ?? undefined,
    arguments: parse(row.arguments),
    outcome: row.outcome,
    duration_ms: row.duration_ms === null ? undefined : Number(row.duration_ms),
    rule: row.rule ?? undefined,
    approval: parse(row.approval),
    detail: parse(row.detail),
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
  return normalise(record as AuditEntry) as AuditRecord;
}
