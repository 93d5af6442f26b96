import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.js";
import { HoldingProxy } from "./holding-proxy.js";
import { queryDatabase } from "./postgres.js";
import {
  connectApp,
  decide,
  durableYaml,
  expectFinishedOnce,
  PLATFORMS,
  pendingApproval,
  sideEffects,
  startRun,
  waitForStatus,
} from "./workflow-durability.js";

async function executorOf(url: string, runId: string): Promise<string | undefined> {
  const rows = await queryDatabase<{ executor_id: string }>(
    url,
    "SELECT executor_id FROM agent_mesh_workflows.workflow_status WHERE workflow_uuid = $1",
    [runId],
  );
  return rows[0]?.executor_id;
}

/**
 * Kill and resume: a gateway process runs `fulfil` until it waits for a person, is SIGKILLed,
 * and starts again on the same database (the embedded one under AGENT_MESH_HOME, or PostgreSQL
 * at `database`). The run finishes and every side effect reached its stand-in exactly once.
 */
export function killAndResumeSuite(
  title: string,
  database?: () => Promise<{ url: string; drop(): Promise<void> }>,
) {
  describe(title, () => {
    let dir: string;
    let sandbox: RunningSandbox;
    let db: { url: string; drop(): Promise<void> } | undefined;
    let config: string;
    const gateways: GatewayProcess[] = [];
    const clients: Client[] = [];
    let proxy: HoldingProxy | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "mesh-kill-"));
      // The stand-ins live in this process: their recorder outlives every gateway.
      sandbox = await startSandbox({ platforms: PLATFORMS, stepMs: 50 });
      db = database ? await database() : undefined;
      config = join(dir, "mesh.yaml");
      await writeFile(config, durableYaml(db ? `database: ${db.url}` : ""));
    }, 120_000);

    afterAll(async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await Promise.allSettled(gateways.map((g) => g.stop()));
      await proxy?.close();
      await sandbox?.close();
      await db?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it("finishes a run after a SIGKILL mid-run, each side effect made exactly once", async () => {
      const env = { ...sandbox.env, AGENT_MESH_HOME: join(dir, "home") };
      const first = await startGatewayProcess(config, env, 180_000, { ownGroup: true });
      gateways.push(first);
      const since = sandbox.recorder.requests.length;
      const client = await connectApp(first);
      clients.push(client);
      const runId = await startRun(client);

      // The run waits for a person: the charge and the deploy are made, the text is not.
      await pendingApproval(first.origin, runId);
      const before = sideEffects(sandbox, runId, since);
      expect(before.charges).toHaveLength(1);
      expect(before.deploys).toHaveLength(1);
      expect(before.texts).toHaveLength(0);
      const owner = db ? await executorOf(db.url, runId) : undefined;
      await first.kill();
      expect(first.process.signalCode).toBe("SIGKILL");

      // Started again on the same database, the gateway resumes the run by itself.
      const second = await startGatewayProcess(config, env, 180_000, { ownGroup: true });
      gateways.push(second);
      const again = await connectApp(second);
      clients.push(again);
      const id = await pendingApproval(second.origin, runId);
      await decide(second.origin, id, "approve");
      const run = await waitForStatus(again, runId, "succeeded");
      expectFinishedOnce(run, sideEffects(sandbox, runId, since));
      expect(run.steps.charge!.output!.id).toMatch(/^pi_/);
      expect(run.steps.approve!.output).toMatchObject({ approved: true });
      // On PostgreSQL the new process has an executor id of its own: it took over the dead one's run.
      if (db) expect(await executorOf(db.url, runId)).not.toBe(owner);
      // Stopped, so the next test's run is recovered only by its own gateway.
      await second.stop();
    }, 600_000);

    it("charges once when killed while the charge request is in flight", async () => {
      // Stripe does the charge, but its answer never reaches the gateway: then the kill.
      proxy = await HoldingProxy.start(
        sandbox.urls.stripe!,
        (req) => req.method === "POST" && req.url === "/v1/payment_intents",
      );
      const env = {
        ...sandbox.env,
        STRIPE_API_URL: proxy.url,
        AGENT_MESH_HOME: join(dir, "home"),
      };
      const first = await startGatewayProcess(config, env, 180_000, { ownGroup: true });
      gateways.push(first);
      const intents = async () =>
        (
          (await (
            await fetch(`${sandbox.urls.stripe}/v1/payment_intents?limit=100`, {
              headers: { authorization: `Bearer ${sandbox.env.STRIPE_SECRET_KEY}` },
            })
          ).json()) as { data: Array<{ id: string }> }
        ).data.map((p) => p.id);
      const existing = await intents();
      const since = sandbox.recorder.requests.length;
      const client = await connectApp(first);
      clients.push(client);
      const runId = await startRun(client);
      const charged = JSON.parse(await proxy.held) as { id: string };
      expect(charged.id).toMatch(/^pi_/);
      await first.kill();

      const second = await startGatewayProcess(config, env, 180_000, { ownGroup: true });
      gateways.push(second);
      const again = await connectApp(second);
      clients.push(again);
      const waiting = await pendingApproval(second.origin, runId);
      await decide(second.origin, waiting, "approve");
      const run = await waitForStatus(again, runId, "succeeded");
      // The step was called again after the restart, with the same idempotency key, and Stripe
      // answered from its record: one payment intent, the one made before the kill.
      const effects = sideEffects(sandbox, runId, since);
      expect(effects.charges).toHaveLength(2);
      expect(run.steps.charge!.output!.id).toBe(charged.id);
      expect(effects.deploys).toHaveLength(1);
      expect(effects.texts).toHaveLength(1);
      // Exactly one new intent at Stripe: the one made before the kill.
      expect((await intents()).filter((id) => !existing.includes(id))).toEqual([charged.id]);
    }, 600_000);
  });
}
