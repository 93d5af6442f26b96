import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENTS_YAML, envelope, type PolicyMesh, startPolicyMesh } from "./policy-mesh.js";
import { dropUsedPrefixes, REDIS_URL, rawRedis, redisProblem, uniquePrefix } from "./redis.js";

// Two gateway instances in one process on one Redis: rate limits hold across both, as they
// would across replicas behind a load balancer.

const problem = await redisProblem();

describe.skipIf(problem !== undefined)("rate limits shared by two gateways on one Redis", () => {
  let sandbox: RunningSandbox;
  let a: PolicyMesh;
  let b: PolicyMesh;
  const prefix = uniquePrefix("rate");
  beforeAll(async () => {
    sandbox = await startSandbox({ platforms: ["vercel"] });
    const yaml = `${CLIENTS_YAML}integrations:
  vercel: {}
state:
  redis: ${REDIS_URL}
  key_prefix: "${prefix}"
policy:
  limits:
    - id: dev-budget
      clients: [dev]
      rate: 4/min
    - id: whole-mesh
      rate: 6/min
      per: mesh
`;
    [a, b] = await Promise.all([startPolicyMesh(yaml, sandbox), startPolicyMesh(yaml, sandbox)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await sandbox?.close();
    await dropUsedPrefixes();
  });

  /** Calls alternately through the two gateways; the outcome of each call. */
  async function alternate(clients: [Client, Client], calls: number): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = 0; i < calls; i++) {
      const result = await clients[i % 2]!.callTool({
        name: "vercel_project_list",
        arguments: {},
      });
      if (!result.isError) {
        outcomes.push("ok");
        continue;
      }
      const found = envelope(result);
      expect(found.code).toBe("rate_limited");
      expect((found.details as { retry_after_ms: number }).retry_after_ms).toBeGreaterThan(0);
      outcomes.push(String(found.details?.limit));
    }
    return outcomes;
  }

  it("admits no more than the budget in total, whichever gateway takes the call", async () => {
    sandbox.recorder.clear();
    const dev = await alternate([await a.client("dev"), await b.client("dev")], 8);
    expect(dev.filter((o) => o === "ok")).toHaveLength(4);
    expect(dev.slice(4)).toEqual(["dev-budget", "dev-budget", "dev-budget", "dev-budget"]);
    // The mesh-wide budget of 6 has 2 left after dev's 4 (dev's refused calls were not counted).
    const ci = await alternate([await a.client("ci"), await b.client("ci")], 4);
    expect(ci).toEqual(["ok", "ok", "whole-mesh", "whole-mesh"]);
    expect(sandbox.recorder.to("vercel", "/v10/projects")).toHaveLength(6);

    // The counters are in Redis, under the mesh's key prefix.
    const raw = rawRedis();
    try {
      const keys = await raw.keys(`${prefix}policy:limit:*`);
      expect(keys.length).toBeGreaterThanOrEqual(2);
    } finally {
      raw.disconnect();
    }
  });
});
