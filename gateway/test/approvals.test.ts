import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";

/** Destructive third-party calls wait for a person: elicitation, or an operator's approval. */
describe("approvals", () => {
  let g: GuardedGateway;
  let app: Client;

  beforeAll(async () => {
    g = await startGuarded(guardedYaml());
    app = await g.connect(APP_TOKEN);
  });
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  const ops = (token = OPS_TOKEN) => ({
    AGENT_MESH_HOME: g.home,
    AGENT_MESH_URL: g.url,
    AGENT_MESH_TOKEN: token,
  });
  const deleted = async (): Promise<string[]> => {
    const result = await app.callTool({ name: "deleted", arguments: {} });
    return (result.structuredContent as { ids: string[] }).ids;
  };

  it("asks through elicitation and runs only on accept", async () => {
    const asked: string[] = [];
    let answer: "accept" | "decline" = "decline";
    const user = await g.connect(APP_TOKEN, { elicitation: {} });
    user.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(String(request.params.message));
      return { action: answer, content: {} };
    });

    const declined = await user.callTool({ name: "delete_item", arguments: { id: "e1" } });
    expect(readEnvelope(declined as never)).toMatchObject({ code: "confirmation_required" });
    expect(readEnvelope(declined as never)?.message).toMatch(/the user declined/);
    expect(await deleted()).toEqual([]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/wants to run delete_item \(on guarded.*\{"id":"e1"\}/);

    answer = "accept";
    const accepted = await user.callTool({ name: "delete_item", arguments: { id: "e2" } });
    expect(accepted.isError).toBeFalsy();
    expect(accepted.structuredContent).toEqual({ deleted: "e2" });
    expect(await deleted()).toEqual(["e2"]);
    expect(asked).toHaveLength(2);
  });

  it("without elicitation: an approval id, an operator approves, the call runs once", async () => {
    const before = await deleted();
    const first = await app.callTool({ name: "delete_item", arguments: { id: "p1" } });
    const envelope = readEnvelope(first as never);
    expect(envelope?.code).toBe("confirmation_required");
    const id = envelope?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);
    expect(envelope?.message).toContain(`agent-mesh approvals approve ${id}`);

    // Waiting: repeating the call with the id neither runs it nor makes a new request.
    const early = await app.callTool({
      name: "delete_item",
      arguments: { id: "p1", approval_id: id },
    });
    expect(readEnvelope(early as never)?.details?.approval_id).toBe(id);
    expect(await deleted()).toEqual(before);

    const list = await runCli(["approvals", "list", "--json"], { env: ops() });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({
        id,
        status: "pending",
        caller: "app",
        tool: "delete_item",
        args: { id: "p1" },
      }),
    );

    // Not from a caller without the operator role.
    const notOperator = await runCli(["approvals", "approve", id], { env: ops(APP_TOKEN) });
    expect(notOperator.code).toBe(1);
    expect(notOperator.stderr).toMatch(/not an operator/);

    const approved = await runCli(["approvals", "approve", id], { env: ops() });
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`${id} approved`);
    const twice = await runCli(["approvals", "deny", id], { env: ops() });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already decided/);

    // Another caller cannot use it, nor can the caller for other arguments.
    const changed = await app.callTool({
      name: "delete_item",
      arguments: { id: "p2", approval_id: id },
    });
    expect(readEnvelope(changed as never)?.code).toBe("confirmation_required");
    expect(readEnvelope(changed as never)?.message).toMatch(/different arguments/);
    const ops2 = await g.connect(OPS_TOKEN);
    const otherCaller = await ops2.callTool({
      name: "delete_item",
      arguments: { id: "p1", approval_id: id },
    });
    expect(readEnvelope(otherCaller as never)?.message).toMatch(/another caller or tool/);
    expect(await deleted()).toEqual(before);

    const run = await app.callTool({
      name: "delete_item",
      arguments: { id: "p1", approval_id: id },
    });
    expect(run.isError).toBeFalsy();
    expect(run.structuredContent).toEqual({ deleted: "p1" });
    expect(await deleted()).toEqual([...before, "p1"]);

    const replay = await app.callTool({
      name: "delete_item",
      arguments: { id: "p1", approval_id: id },
    });
    expect(readEnvelope(replay as never)?.message).toMatch(/already used/);
    expect(await deleted()).toEqual([...before, "p1"]);

    const audit = await runCli(["audit", "--json", "--tool", "delete_item"], { env: ops() });
    const records = audit.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: "call",
        outcome: "ok",
        approval: { via: "operator", id, by: "ops" },
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ kind: "approval", outcome: "approved", caller: "ops" }),
    );
  });

  it("a denied request says why, and never runs", async () => {
    const first = await app.callTool({ name: "delete_item", arguments: { id: "d1" } });
    const id = readEnvelope(first as never)?.details?.approval_id as string;
    const denied = await runCli(["approvals", "deny", id, "--reason", "not during the freeze"], {
      env: ops(),
    });
    expect(denied.code, denied.stderr).toBe(0);
    const retry = await app.callTool({
      name: "delete_item",
      arguments: { id: "d1", approval_id: id },
    });
    expect(readEnvelope(retry as never)?.message).toMatch(/was denied: not during the freeze/);
    expect(await deleted()).not.toContain("d1");
  });
});
