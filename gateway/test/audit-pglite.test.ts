import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/audit/database.js";
import { AuditStore } from "../src/audit/store.js";

/** The embedded PGlite serves the audit log: concurrent appends keep one chain, and it reopens. */
describe("the audit log in the embedded PGlite", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mesh-pglite-"));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it("appends 50 records at once into one intact chain, and has them all after a restart", async () => {
    const env = { AGENT_MESH_HOME: home };
    const store = await AuditStore.open(await openDatabase(undefined, env));
    const records = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.append({
          kind: "call",
          caller: `c${i % 3}`,
          tool: "t",
          outcome: "ok",
          arguments: { i },
        }),
      ),
    );
    expect(new Set(records.map((r) => r.prev_hash)).size).toBe(50);
    expect(await store.verify()).toEqual({ ok: true, records: 50 });
    await store.close();

    const reopened = await AuditStore.open(await openDatabase(undefined, env));
    try {
      expect(await reopened.verify()).toEqual({ ok: true, records: 50 });
      expect(await reopened.query({ client: "c1", limit: 100 })).toHaveLength(17);
      const next = await reopened.append({ kind: "reload", caller: "gateway", outcome: "ok" });
      expect(next.prev_hash).toBe(records.reduce((a, b) => (a.seq > b.seq ? a : b)).hash);
    } finally {
      await reopened.close();
    }
  });
});
