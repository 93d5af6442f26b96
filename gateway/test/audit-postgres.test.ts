import { randomBytes } from "node:crypto";
import { createLogger, Redactor, readEnvelope } from "@agent-mesh/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalStore } from "../src/approvals/store.js";
import { AuditLog } from "../src/audit/audit-log.js";
import { APPROVALS_DEFAULTS, AUDIT_DEFAULTS } from "../src/audit/config.js";
import { openDatabase } from "../src/audit/database.js";
import { AuditStore } from "../src/audit/store.js";
import { approval } from "../src/pipeline/approval.js";
import { audit } from "../src/pipeline/audit.js";
import { compose } from "../src/pipeline/compose.js";
import type { CallContext, Stage } from "../src/pipeline/context.js";
import type { PolicyDecision } from "../src/policy/decision.js";
import { MemoryMeshState } from "../src/state/index.js";

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

  it("records policy violations and the rule, and lets policy waive or require approval", async () => {
    const log = new AuditLog(
      async () => AuditStore.open(await openDatabase(url, {})),
      AUDIT_DEFAULTS,
      createLogger({ name: "test", level: "error" }),
    );
    const approvals = new ApprovalStore(new MemoryMeshState());
    const ran: string[] = [];
    // The policy stage's place: what it would decide, as the contract's PolicyDecision.
    const policy =
      (decision: PolicyDecision): Stage =>
      (ctx, next) => {
        ctx.policy = decision;
        return next();
      };
    const run = (decision: PolicyDecision, destructive: boolean) =>
      compose(
        [
          audit(() => log, new Redactor()),
          policy(decision),
          approval({
            store: approvals,
            config: () => APPROVALS_DEFAULTS,
            audit: () => log,
            redactor: new Redactor(),
          }),
        ],
        async (ctx) => {
          ran.push(ctx.name);
          return { content: [{ type: "text", text: "done" }] };
        },
      )(callContext(destructive ? "srv_drop" : "srv_read", destructive));
    const permissive: PolicyDecision = {
      mode: "permissive",
      effect: "deny",
      rule: { id: "no-drops", source: "mesh.yaml:12" },
      approval: "waived",
      violations: [
        { kind: "tool_denied", message: "srv_drop is denied to ci", rule: "mesh.yaml:12" },
      ],
    };
    try {
      const waived = await run(permissive, true);
      expect(waived.isError).toBeFalsy();
      const required = await run(
        { mode: "enforcing", effect: "approval", approval: "required", violations: [] },
        false,
      );
      expect(readEnvelope(required)?.code).toBe("confirmation_required");
      expect(ran).toEqual(["srv_drop"]);
      await log.close();
      const store = await AuditStore.open(await openDatabase(url, {}));
      const records = await store.query({ client: "ci", limit: 10 });
      await store.close();
      expect(records).toContainEqual(
        expect.objectContaining({
          kind: "call",
          tool: "srv_drop",
          outcome: "ok",
          rule: "mesh.yaml:12 no-drops",
        }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({
          kind: "violation",
          tool: "srv_drop",
          outcome: "permitted",
          rule: "mesh.yaml:12",
          detail: { kind: "tool_denied", message: "srv_drop is denied to ci", mode: "permissive" },
        }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({
          kind: "call",
          tool: "srv_read",
          outcome: "confirmation_required",
        }),
      );
    } finally {
      await log.close();
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

/** One call of client `ci` to a third-party tool, as the mesh would hand it to the pipeline. */
function callContext(name: string, destructive: boolean): CallContext {
  const caller = { id: "ci", name: "ci", kind: "token" as const, roles: [] };
  return {
    id: `call-${name}`,
    request: { caller, name, arguments: { table: "t1" } },
    caller,
    name,
    arguments: { table: "t1" },
    entry: {
      original: name,
      exposed: {
        name,
        inputSchema: { type: "object", properties: { table: { type: "string" } } },
        annotations: { destructiveHint: destructive, readOnlyHint: !destructive },
      },
    } as unknown as CallContext["entry"],
    downstream: { name: "srv", spec: { kind: "stdio" } } as unknown as CallContext["downstream"],
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    startedAt: performance.now(),
  };
}
