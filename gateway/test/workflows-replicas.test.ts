import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.js";
import { freshDatabase, postgresProblem, queryDatabase } from "./postgres.js";
import { dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";
import {
  connectApp,
  decide,
  durableYaml,
  expectFinishedOnce,
  getRun,
  PLATFORMS,
  pendingApproval,
  sideEffects,
  startRun,
  waitForStatus,
} from "./workflow-durability.js";

// Two `agent-mesh start` processes on one PostgreSQL (runs) and one Redis (approvals): a run is
// one run whichever replica is asked, and a replica that dies leaves nothing behind.

const problem = (await postgresProblem()) ?? (await redisProblem());

describe.skipIf(problem !== undefined)("workflow runs on two replicas of one PostgreSQL", () => {
  let dir: string;
  let sandbox: RunningSandbox;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let onA: Client;
  let onB: Client;
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-wf-replicas-"));
    sandbox = await startSandbox({ platforms: PLATFORMS, stepMs: 50 });
    database = await freshDatabase("wf_replicas");
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      durableYaml(`database: ${database.url}
state:
  redis: ${REDIS_URL}
  key_prefix: "${uniquePrefix("wfr")}"`),
    );
    const start = (n: string) =>
      startGatewayProcess(
        config,
        { ...sandbox.env, AGENT_MESH_HOME: join(dir, `home-${n}`) },
        180_000,
        {
          ownGroup: true,
        },
      );
    [a, b] = await Promise.all([start("a"), start("b")]);
    onA = await connectApp(a);
    onB = await connectApp(b);
    clients.push(onA, onB);
  }, 420_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled([a, b].filter(Boolean).map((g) => g.stop()));
    await sandbox?.close();
    await database?.drop();
    await dropUsedPrefixes();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("shows a run started on one replica on the other, which can cancel it", async () => {
    const since = sandbox.recorder.requests.length;
    const runId = await startRun(onA);
    await pendingApproval(b.origin, runId);
    const seen = await getRun(onB, runId);
    expect(seen.status).toBe("running");
    expect(seen.steps.charge!.status).toBe("succeeded");
    expect(seen.steps.approve!.status).toBe("running");
    const listed = (await onB.callTool({
      name: "mesh_workflow_list",
      arguments: { workflow: "fulfil" },
    })) as CallToolResult;
    expect((listed.structuredContent as { runs: Array<{ run_id: string }> }).runs).toContainEqual(
      expect.objectContaining({ run_id: runId, status: "running" }),
    );

    const cancelled = (await onB.callTool({
      name: "mesh_workflow_cancel",
      arguments: { run_id: runId },
    })) as CallToolResult;
    expect(cancelled.isError, JSON.stringify(cancelled.content)).toBeFalsy();
    expect((cancelled.structuredContent as { status: string }).status).toBe("cancelled");
    // Replica A, which runs it, sees it cancelled too, and never sends the text.
    await waitForStatus(onA, runId, "cancelled");
    const effects = sideEffects(sandbox, runId, since);
    expect(effects.charges).toHaveLength(1);
    expect(effects.texts).toHaveLength(0);
  }, 300_000);

  it("recovers, on the live replica, a run whose replica was SIGKILLed", async () => {
    const since = sandbox.recorder.requests.length;
    const runId = await startRun(onA);
    const id = await pendingApproval(b.origin, runId);
    const owner = (
      await queryDatabase<{ executor_id: string }>(
        database.url,
        "SELECT executor_id FROM agent_mesh_workflows.workflow_status WHERE workflow_uuid = $1",
        [runId],
      )
    )[0]?.executor_id;
    expect(owner).toBeDefined();
    await a.kill();

    // Nobody restarts A: B notices A's lock is gone and takes the run over by itself.
    await decide(b.origin, id, "approve");
    const run = await waitForStatus(onB, runId, "succeeded");
    expectFinishedOnce(run, sideEffects(sandbox, runId, since));
    // The run itself and the steps after the kill ran on B; those A finished stay A's.
    const rows = await queryDatabase<{ workflow_uuid: string; executor_id: string }>(
      database.url,
      "SELECT workflow_uuid, executor_id FROM agent_mesh_workflows.workflow_status WHERE workflow_uuid = ANY($1)",
      [[runId, `${runId}:approve`, `${runId}:sms`, `${runId}:charge`]],
    );
    const by = Object.fromEntries(rows.map((r) => [r.workflow_uuid, r.executor_id]));
    expect(by[`${runId}:charge`]).toBe(owner);
    expect(by[runId]).not.toBe(owner);
    expect(by[`${runId}:approve`]).not.toBe(owner);
    expect(by[`${runId}:sms`]).not.toBe(owner);
  }, 300_000);
});
