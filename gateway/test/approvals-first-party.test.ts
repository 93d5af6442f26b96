import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestMesh, type TestMesh } from "./helpers.js";

/** A first-party tool's own confirmation and the gateway's approval never both ask. */
describe("approvals of first-party tools", () => {
  let t: TestMesh;
  beforeAll(async () => {
    t = await startTestMesh("");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("leaves a tool with its own confirmation to it: a confirm_token, no approval id", async () => {
    const result = await t.client.callTool({
      name: "vercel_env_set",
      arguments: { project: "web", key: "API_URL", value: "https://api.example.com" },
    });
    const envelope = readEnvelope(result as never);
    expect(envelope?.code).toBe("confirmation_required");
    expect(envelope?.details?.confirm_token).toEqual(expect.any(String));
    expect(envelope?.details?.approval_id).toBeUndefined();
    expect(await t.mesh.approvals.list()).toEqual([]);
  });

  it("asks for approval of a destructive tool without one, and refuses bad arguments first", async () => {
    const bad = await t.client.callTool({ name: "aws_kv_delete", arguments: {} });
    expect(readEnvelope(bad as never)?.code).toBe("invalid_request");
    expect(await t.mesh.approvals.list()).toEqual([]);

    const result = await t.client.callTool({ name: "aws_kv_delete", arguments: { key: "k1" } });
    const envelope = readEnvelope(result as never);
    expect(envelope?.code).toBe("confirmation_required");
    const id = envelope?.details?.approval_id;
    expect(await t.mesh.approvals.list()).toEqual([
      expect.objectContaining({ id, tool: "aws_kv_delete", caller: "test", args: { key: "k1" } }),
    ]);
  });
});
