import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";
import { eventually } from "./helpers.js";

// approvals.wait: a destructive call whose client cannot elicit waits for an operator's
// decision instead of answering confirmation_required at once.

async function pendingFor(g: GuardedGateway, id: string): Promise<string> {
  return eventually(async () => {
    const response = await fetch(`${new URL(g.url).origin}/admin/approvals`, {
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    });
    const { approvals } = (await response.json()) as {
      approvals: Array<{ id: string; status: string; tool: string; args: { id?: string } }>;
    };
    return approvals.find((a) => a.status === "pending" && a.args?.id === id)?.id;
  }, 60_000);
}

async function decide(g: GuardedGateway, approval: string, action: "approve" | "deny", body = {}) {
  const response = await fetch(`${new URL(g.url).origin}/admin/approvals/${approval}/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${OPS_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe("approvals.wait: the call waits for the operator", () => {
  let g: GuardedGateway;
  let app: Client;
  beforeAll(async () => {
    g = await startGuarded(guardedYaml("approvals:\n  wait: 2m\n"));
    app = await g.connect(APP_TOKEN);
  }, 120_000);
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  const deleted = async (): Promise<string[]> => {
    const result = await app.callTool({ name: "deleted", arguments: {} });
    return (result.structuredContent as { ids: string[] }).ids;
  };

  it("runs the waiting call once when an operator approves, with progress meanwhile", async () => {
    expect((await app.listTools()).tools.map((t) => t.name)).toContain("delete_item");
    const progress: Progress[] = [];
    const call = app.callTool({ name: "delete_item", arguments: { id: "w1" } }, undefined, {
      onprogress: (p) => progress.push(p),
      resetTimeoutOnProgress: true,
    });
    const approval = await pendingFor(g, "w1");
    // Still waiting: nothing deleted, and the client was told what it waits for.
    await eventually(() => progress.length > 0, 30_000, "a progress notification");
    expect(progress[0]!.message).toBe(
      `Waiting for an operator: agent-mesh approvals approve ${approval}`,
    );
    expect(await deleted()).toEqual([]);
    await decide(g, approval, "approve");
    const result = (await call) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ deleted: "w1" });
    expect(await deleted()).toEqual(["w1"]);
    // The approval was used by the call it released: repeating it with the id is refused.
    const again = (await app.callTool({
      name: "delete_item",
      arguments: { id: "w1", approval_id: approval },
    })) as CallToolResult;
    expect(readEnvelope(again as never)?.message).toMatch(/already used/);
  }, 120_000);

  it("answers a clear refusal when the operator denies, and runs nothing", async () => {
    const call = app.callTool({ name: "delete_item", arguments: { id: "w2" } });
    const approval = await pendingFor(g, "w2");
    await decide(g, approval, "deny", { reason: "not on a Friday" });
    const result = (await call) as CallToolResult;
    expect(result.isError).toBe(true);
    const envelope = readEnvelope(result as never);
    expect(envelope?.code).toBe("permission_denied");
    expect(envelope?.message).toContain(`denied approval ${approval} (not on a Friday)`);
    expect(envelope?.details?.approval_id).toBe(approval);
    expect(await deleted()).not.toContain("w2");
  }, 120_000);
});

describe("approvals.wait: nobody decides in time", () => {
  let g: GuardedGateway;
  let app: Client;
  beforeAll(async () => {
    g = await startGuarded(guardedYaml("approvals:\n  wait: 1s\n"));
    app = await g.connect(APP_TOKEN);
  }, 120_000);
  afterAll(async () => {
    await g?.close();
    if (g) await rm(g.dir, { recursive: true, force: true });
  });

  it("falls back to confirmation_required with the same request, which still works", async () => {
    const first = (await app.callTool({
      name: "delete_item",
      arguments: { id: "t1" },
    })) as CallToolResult;
    const envelope = readEnvelope(first as never);
    expect(envelope?.code).toBe("confirmation_required");
    expect(envelope?.message).toMatch(/^No operator decided within 1s\./);
    const approval = envelope?.details?.approval_id as string;
    expect(await pendingFor(g, "t1")).toBe(approval);
    await decide(g, approval, "approve");
    const ran = (await app.callTool({
      name: "delete_item",
      arguments: { id: "t1", approval_id: approval },
    })) as CallToolResult;
    expect(ran.structuredContent).toEqual({ deleted: "t1" });
  }, 120_000);
});
