import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";

const PLANTED = "planted-secret-value-4242";
const PASSWORD = "hunter2-very-private";

/** The audit log over real HTTP: every call recorded, redacted, hash-chained and verifiable. */
describe("audit log", () => {
  let g: GuardedGateway;

  beforeAll(async () => {
    g = await startGuarded(guardedYaml("", `    env: { API_TOKEN: ${PLANTED} }\n`));
  });
  afterAll(async () => {
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  const ops = () => ({
    AGENT_MESH_HOME: g.home,
    AGENT_MESH_URL: g.url,
    AGENT_MESH_TOKEN: OPS_TOKEN,
  });

  it("records every call with its caller and outcome, and never a secret or a sensitive field", async () => {
    const app = await g.connect(APP_TOKEN);
    const ok = await app.callTool({
      name: "login",
      arguments: { user: "ada", note: `the key is ${PLANTED}`, password: PASSWORD },
    });
    expect(ok.isError).toBeFalsy();
    const refused = await app.callTool({ name: "delete_item", arguments: { id: "x1" } });
    expect(readEnvelope(refused as never)?.code).toBe("confirmation_required");

    const listed = await runCli(["audit", "--json", "--client", "app"], { env: ops() });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(PLANTED);
    expect(listed.stdout).not.toContain(PASSWORD);
    const records = listed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const login = records.find((r) => r.tool === "login");
    expect(login).toMatchObject({
      kind: "call",
      caller: "app",
      downstream: "guarded",
      outcome: "ok",
      arguments: { user: "ada", password: "[REDACTED]", note: "the key is [REDACTED]" },
    });
    expect(login.address).toMatch(/127\.0\.0\.1/);
    expect(typeof login.duration_ms).toBe("number");
    expect(records.find((r) => r.tool === "delete_item" && r.kind === "call")).toMatchObject({
      caller: "app",
      outcome: "confirmation_required",
    });

    const filtered = await runCli(["audit", "--json", "--code", "confirmation_required"], {
      env: ops(),
    });
    const codes = filtered.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).outcome);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(["confirmation_required"]));

    const table = await runCli(["audit", "--since", "1h", "--tool", "log*"], { env: ops() });
    expect(table.stdout).toMatch(/TIME \(UTC\)\s+KIND\s+CALLER\s+TOOL\s+OUTCOME/);
    expect(table.stdout).toMatch(/call\s+app\s+login\s+ok/);
    expect(table.stdout).not.toContain("delete_item");
    const bad = await runCli(["audit", "--since", "yesterday"], { env: ops() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since "yesterday" is not a duration');
  });

  it("is for operators only", async () => {
    const refused = await runCli(["audit"], {
      env: { ...ops(), AGENT_MESH_TOKEN: APP_TOKEN },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/app is not an operator/);
  });

  it("`audit verify` passes on the log as written and catches an edited record", async () => {
    const intact = await runCli(["audit", "verify"], { env: ops() });
    expect(intact.stdout, intact.stderr).toMatch(/audit log intact: \d+ records/);
    expect(intact.code).toBe(0);

    const store = await g.running.audit!.store();
    const [target] = await store.db.query<{ seq: string; outcome: string }>(
      "SELECT seq, outcome FROM agent_mesh_audit WHERE tool = 'delete_item' AND kind = 'call' ORDER BY seq LIMIT 1",
    );
    await store.db.query("UPDATE agent_mesh_audit SET outcome = 'ok' WHERE seq = $1", [
      target!.seq,
    ]);
    const edited = await runCli(["audit", "verify"], { env: ops() });
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(`BROKEN at record ${target!.seq}: its content was edited`);

    await store.db.query("UPDATE agent_mesh_audit SET outcome = $2 WHERE seq = $1", [
      target!.seq,
      target!.outcome,
    ]);
    expect((await runCli(["audit", "verify"], { env: ops() })).code).toBe(0);
    await store.db.query("DELETE FROM agent_mesh_audit WHERE seq = $1", [target!.seq]);
    const deleted = await runCli(["audit", "verify"], { env: ops() });
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(/newest records were deleted|predecessor is missing/);
  });

  it("without a running gateway, the CLI reads the embedded database itself", async () => {
    const app = await g.connect(APP_TOKEN);
    await app.callTool({ name: "deleted", arguments: {} });
    await g.close();
    const local = await runCli(["audit", "--json", "--tool", "deleted", "--config", g.config], {
      env: { AGENT_MESH_HOME: g.home },
    });
    expect(local.code, local.stderr).toBe(0);
    expect(JSON.parse(local.stdout.trim())).toMatchObject({
      tool: "deleted",
      caller: "app",
      outcome: "ok",
    });
  });
});
