import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/audit/database.js";
import { AuditStore } from "../src/audit/store.js";

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * `database: postgres://...`: several replicas append to one hash chain in one PostgreSQL, and
 * the retention prunes old records without breaking it. Each run gets its own database.
 */
describe("the audit log in PostgreSQL, shared by replicas", () => {
  const name = `agent_mesh_audit_${randomBytes(6).toString("hex")}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("keeps one intact chain when two replicas append at once", async () => {
    const [a, b] = await Promise.all([
      AuditStore.open(await openDatabase(url, {})),
      AuditStore.open(await openDatabase(url, {})),
    ]);
    try {
      const appends = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).append({
          kind: "call",
          caller: i % 2 === 0 ? "replica-a" : "replica-b",
          tool: "aws_kv_get",
          arguments: { key: `k${i}` },
          outcome: "ok",
          duration_ms: i,
        }),
      );
      const records = await Promise.all(appends);
      expect(new Set(records.map((r) => r.prev_hash)).size).toBe(40);
      expect(await a.verify()).toEqual({ ok: true, records: 40 });
      expect(await b.query({ client: "replica-b", limit: 100 })).toHaveLength(20);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("prunes past the retention and still verifies from the new start", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const store = await AuditStore.open(await openDatabase(url, {}), () => now);
    try {
      const before = (await store.verify()).records;
      await store.append({ kind: "reload", caller: "gateway", outcome: "ok" });
      now += 100 * 86_400_000;
      await store.append({ kind: "reload", caller: "gateway", outcome: "ok" });
      const pruned = await store.prune(90 * 86_400_000);
      expect(pruned).toBe(before + 1);
      expect(await store.verify()).toEqual({ ok: true, records: 1 });
    } finally {
      await store.close();
    }
  });
});
