import { rm } from "node:fs/promises";
import { readEnvelope } from "@agent-mesh/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { APP_TOKEN, type GuardedGateway, guardedYaml, OPS_TOKEN, startGuarded } from "./guarded.js";
import { dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";

const problem = await redisProblem();
if (problem) console.warn(`skipping the approval replica tests: ${problem}`);

/** An approval asked on one replica is decided and used on another, once in all. */
describe.skipIf(problem !== undefined)("approvals across two replicas on one Redis", () => {
  let a: GuardedGateway;
  let b: GuardedGateway;

  beforeAll(async () => {
    const state = `state:\n  redis: ${REDIS_URL}\n  key_prefix: "${uniquePrefix("approvals")}"\n`;
    [a, b] = await Promise.all([
      startGuarded(guardedYaml(state)),
      startGuarded(guardedYaml(state)),
    ]);
  });
  afterAll(async () => {
    for (const g of [a, b]) {
      await g?.close();
      if (g) await rm(g.dir, { recursive: true, force: true });
    }
    await dropUsedPrefixes();
  });

  it("asked on A, approved through B, runs once on B, refused on A afterwards", async () => {
    const onA = await a.connect(APP_TOKEN);
    const onB = await b.connect(APP_TOKEN);
    const first = await onA.callTool({ name: "delete_item", arguments: { id: "r1" } });
    const id = readEnvelope(first as never)?.details?.approval_id as string;
    expect(id).toMatch(/^apr_/);

    const env = { AGENT_MESH_HOME: b.home, AGENT_MESH_URL: b.url, AGENT_MESH_TOKEN: OPS_TOKEN };
    const listed = await runCli(["approvals", "list", "--json"], { env });
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({ id, status: "pending" }),
    );
    expect((await runCli(["approvals", "approve", id], { env })).code).toBe(0);

    const ran = await onB.callTool({
      name: "delete_item",
      arguments: { id: "r1", approval_id: id },
    });
    expect(ran.structuredContent).toEqual({ deleted: "r1" });
    const again = await onA.callTool({
      name: "delete_item",
      arguments: { id: "r1", approval_id: id },
    });
    expect(readEnvelope(again as never)?.message).toMatch(/already used/);
    const deletedOnA = await onA.callTool({ name: "deleted", arguments: {} });
    expect(deletedOnA.structuredContent).toEqual({ ids: [] });
  });
});
