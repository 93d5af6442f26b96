import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";

// Issue 12: policy rules add or waive the approval a call needs, through the same approval stage
// that asks for destructive tools by default; what policy refuses (or, permissive, would refuse)
// is in the audit log with the rule that applied.
const POLICY = `policy:
  mode: enforcing
  default: allow
  rules:
    - id: ops-delete-without-asking
      clients: [ops]
      tools: [delete_item]
      effect: allow
      approval: waived
    - id: login-needs-a-person
      tools: [login]
      effect: approval
`;

describe("approvals decided by policy", () => {
  let g: GuardedGateway;

  beforeAll(async () => {
    g = await startGuarded(guardedYaml(POLICY));
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  it("asks for a read-only tool a rule puts under approval, and runs nothing before it", async () => {
    const app = await g.connect(APP_TOKEN);
    const result = await app.callTool({
      name: "login",
      arguments: { user: "ada", password: "pw-0123456789" },
    });
    const envelope = readEnvelope(result as never);
    expect(envelope?.code).toBe("confirmation_required");
    expect(envelope?.details?.approval_id).toMatch(/^apr_/);
    expect(JSON.stringify(result)).not.toContain("pw-0123456789");
  });

  it("runs a destructive tool at once for the client a rule waives approval for, and asks the others", async () => {
    const ops = await g.connect(OPS_TOKEN);
    const waived = await ops.callTool({ name: "delete_item", arguments: { id: "w1" } });
    expect(waived.isError).toBeFalsy();
    expect(waived.structuredContent).toEqual({ deleted: "w1" });

    const app = await g.connect(APP_TOKEN);
    const asked = await app.callTool({ name: "delete_item", arguments: { id: "w2" } });
    expect(readEnvelope(asked as never)?.code).toBe("confirmation_required");
    const deleted = await app.callTool({ name: "deleted", arguments: {} });
    expect((deleted.structuredContent as { ids: string[] }).ids).toEqual(["w1"]);
  });
});

describe("policy violations in the audit log", () => {
  let g: GuardedGateway;

  beforeAll(async () => {
    g = await startGuarded(
      guardedYaml(`policy:
  mode: permissive
  default: allow
  rules:
    - id: app-may-not-list-deletions
      clients: [app]
      tools: [deleted]
      effect: deny
`),
    );
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  it("lets a permissive violation through and records it with its rule", async () => {
    const app = await g.connect(APP_TOKEN);
    const result = await app.callTool({ name: "deleted", arguments: {} });
    expect(result.isError).toBeFalsy();

    const env = { AGENT_MESH_HOME: g.home, AGENT_MESH_URL: g.url, AGENT_MESH_TOKEN: OPS_TOKEN };
    const listed = await runCli(["audit", "--json", "--client", "app"], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const records = listed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { kind: string; tool?: string; rule?: string });
    expect(records).toContainEqual(expect.objectContaining({ kind: "violation", tool: "deleted" }));
    const violation = records.find((r) => r.kind === "violation");
    // The rule is named by its place in mesh.yaml, as policy_denied names it.
    expect(violation?.rule).toMatch(/^mesh\.yaml:\d+$/);
  });
});
