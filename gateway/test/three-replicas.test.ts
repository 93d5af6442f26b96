import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEnvelope } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { type GatewayProcess, roundRobinFetch, startGatewayProcess } from "./gateway-process.js";
import { APP_TOKEN, GUARDED, OPS_TOKEN } from "./guarded.js";
import { eventually } from "./helpers.js";
import { freshDatabase, postgresProblem, queryDatabase } from "./postgres.js";
import { dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";
import {
  connectApp,
  decide,
  expectFinishedOnce,
  FULFIL_WORKFLOW,
  PLATFORMS,
  pendingApproval,
  sideEffects,
  startRun,
  waitForStatus,
} from "./workflow-durability.js";

// Three `agent-mesh start` processes on the machine's Redis and PostgreSQL, as replicas behind a
// load balancer without stickiness: every request of one client goes to the next replica.

const problem = (await redisProblem()) ?? (await postgresProblem());

describe.skipIf(problem !== undefined)(
  "three gateway processes on one Redis and one PostgreSQL",
  () => {
    let dir: string;
    let sandbox: RunningSandbox;
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let replicas: GatewayProcess[] = [];
    const clients: Client[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "mesh-three-"));
      sandbox = await startSandbox({ platforms: PLATFORMS, stepMs: 50 });
      database = await freshDatabase("replicas");
      const config = join(dir, "mesh.yaml");
      await writeFile(
        config,
        `gateway:
  clients:
    app: { token: ${APP_TOKEN} }
    ops: { token: ${OPS_TOKEN}, roles: [operator] }
integrations:
  vercel: {}
  stripe: {}
  twilio: {}
servers:
  guarded:
    command: ${JSON.stringify(process.execPath)}
    args: [${JSON.stringify(GUARDED)}]
database: ${database.url}
state:
  redis: ${REDIS_URL}
  key_prefix: "${uniquePrefix("three")}"
policy:
  limits:
    - id: team-deploys
      tools: [vercel_deployment_list]
      rate: 5/min
      per: mesh
approvals:
  wait: 2m
${FULFIL_WORKFLOW}`,
      );
      // Each its own home (as each container has its own filesystem); the state is shared.
      replicas = await Promise.all(
        [1, 2, 3].map((n) =>
          startGatewayProcess(
            config,
            { ...sandbox.env, AGENT_MESH_HOME: join(dir, `home-${n}`) },
            180_000,
            { ownGroup: true },
          ),
        ),
      );
    }, 420_000);

    afterAll(async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await Promise.allSettled(replicas.map((r) => r.stop()));
      await sandbox?.close();
      await database?.drop();
      await dropUsedPrefixes();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    /** An SDK client behind a round-robin balancer over the three replicas. */
    async function balancedClient(token = APP_TOKEN) {
      const balancer = roundRobinFetch(replicas.map((r) => r.origin));
      const client = new Client({ name: "balanced", version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(replicas[0]!.url), {
          fetch: balancer.fetch,
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return { client, sent: balancer.sent };
    }

    const envelope = (result: CallToolResult) => readEnvelope(result as never);

    it("continues one session on every replica: list and calls, request by request", async () => {
      const { client, sent } = await balancedClient();
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["vercel_project_list", "delete_item"]));
      const before = sandbox.recorder.to("vercel", "/v10/projects").length;
      for (let i = 0; i < 6; i++) {
        const result = (await client.callTool({
          name: "vercel_project_list",
          arguments: {},
        })) as CallToolResult;
        expect(result.isError).toBeFalsy();
        expect(JSON.stringify(result.structuredContent)).toContain("web");
      }
      expect(sandbox.recorder.to("vercel", "/v10/projects")).toHaveLength(before + 6);
      // The one session's requests went to all three replicas.
      expect(new Set(sent)).toEqual(new Set(replicas.map((r) => r.origin)));
    });

    it("holds a mesh-wide rate limit in total, whichever replica takes the call", async () => {
      const { client } = await balancedClient();
      const before = sandbox.recorder.to("vercel", "/v6/deployments").length;
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++) {
        const result = (await client.callTool({
          name: "vercel_deployment_list",
          arguments: { project: "web" },
        })) as CallToolResult;
        if (!result.isError) {
          outcomes.push("ok");
          continue;
        }
        const found = envelope(result);
        expect(found?.code).toBe("rate_limited");
        outcomes.push(String(found?.details?.limit));
      }
      expect(outcomes).toEqual([
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "team-deploys",
        "team-deploys",
        "team-deploys",
      ]);
      expect(sandbox.recorder.to("vercel", "/v6/deployments")).toHaveLength(before + 5);
    });

    it("releases a call waiting on one replica with an approval given through another", async () => {
      const asking = new Client({ name: "direct", version: "1" });
      await asking.connect(
        new StreamableHTTPClientTransport(new URL(replicas[0]!.url), {
          requestInit: { headers: { authorization: `Bearer ${APP_TOKEN}` } },
        }),
      );
      clients.push(asking);
      // approvals.wait: the call on replica 1 holds, telling its client what it waits for.
      const progress: string[] = [];
      const waiting = asking.callTool({ name: "delete_item", arguments: { id: "x1" } }, undefined, {
        onprogress: (p) => progress.push(String(p.message)),
        resetTimeoutOnProgress: true,
      });

      // The operator finds it and approves through replica 2, with the CLI.
      const env = {
        AGENT_MESH_HOME: join(dir, "ops-home"),
        AGENT_MESH_URL: replicas[1]!.url,
        AGENT_MESH_TOKEN: OPS_TOKEN,
      };
      const id = await eventually(
        async () => {
          const listed = await runCli(["approvals", "list", "--json"], { env });
          const found = (
            JSON.parse(listed.stdout) as Array<{ id: string; status: string; tool: string }>
          ).find((a) => a.tool === "delete_item" && a.status === "pending");
          return found?.id;
        },
        120_000,
        "the waiting call's approval request",
      );
      expect(id).toMatch(/^apr_/);
      const approved = await runCli(["approvals", "approve", id], { env });
      expect(approved.stderr).toBe("");
      expect(approved.code).toBe(0);

      // Replica 1 runs the call it held, once.
      const ran = (await waiting) as CallToolResult;
      expect(ran.isError).toBeFalsy();
      expect(ran.structuredContent).toEqual({ deleted: "x1" });
      expect(progress[0]).toBe(`Waiting for an operator: agent-mesh approvals approve ${id}`);

      // Replica 3 sees it approved (admin route); the approval was used up by the call.
      const seen = await fetch(`${replicas[2]!.origin}/admin/approvals`, {
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      });
      expect(seen.status).toBe(200);
      expect(((await seen.json()) as { approvals: unknown[] }).approvals).toContainEqual(
        expect.objectContaining({ id, status: "approved" }),
      );
      const { client: balanced } = await balancedClient();
      const again = (await balanced.callTool({
        name: "delete_item",
        arguments: { id: "x1", approval_id: id },
      })) as CallToolResult;
      expect(envelope(again)?.message).toMatch(/already used/);

      // A denial through replica 3 answers the call waiting on replica 1, which runs nothing.
      const denied = asking.callTool({ name: "delete_item", arguments: { id: "x2" } });
      const second = await pendingApprovalFor("x2");
      const refused = await fetch(`${replicas[2]!.origin}/admin/approvals/${second}/deny`, {
        method: "POST",
        headers: { authorization: `Bearer ${OPS_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ reason: "not now" }),
      });
      expect(refused.status).toBe(200);
      const answer = envelope((await denied) as CallToolResult);
      expect(answer?.code).toBe("permission_denied");
      expect(answer?.message).toContain(`denied approval ${second} (not now)`);
      // (Each replica runs its own guarded server: replica 1's is the one that deleted.)
      const { structuredContent } = (await asking.callTool({
        name: "deleted",
        arguments: {},
      })) as CallToolResult;
      expect((structuredContent as { ids: string[] }).ids).toEqual(["x1"]);
    }, 240_000);

    async function pendingApprovalFor(item: string): Promise<string> {
      return eventually(async () => {
        const response = await fetch(`${replicas[1]!.origin}/admin/approvals`, {
          headers: { authorization: `Bearer ${OPS_TOKEN}` },
        });
        const { approvals } = (await response.json()) as {
          approvals: Array<{ id: string; status: string; args?: { id?: string } }>;
        };
        return approvals.find((a) => a.status === "pending" && a.args?.id === item)?.id;
      }, 120_000);
    }

    it("answers a probe without a token on /healthz, with the status word alone", async () => {
      const { request } = await import("node:http");
      for (const replica of replicas) {
        // What an ALB target-group check sends: no token, the target's address as Host.
        const probe = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(
            `${replica.origin}/healthz`,
            { headers: { host: "10.0.3.17:7420" } },
            (res) => {
              let body = "";
              res.on("data", (chunk) => {
                body += chunk;
              });
              res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on("error", reject);
          req.end();
        });
        expect(probe.status).toBe(200);
        expect(JSON.parse(probe.body)).toEqual({ status: "ok" });
        // The detailed report stays behind the token.
        expect((await fetch(`${replica.origin}/health`)).status).toBe(401);
      }
    });

    it("writes every replica's records to the one audit chain in PostgreSQL", async () => {
      const rows = await eventuallyRows();
      expect(rows.some((r) => r.tool === "delete_item" && r.outcome === "ok")).toBe(true);
      expect(rows.filter((r) => r.tool === "vercel_project_list").length).toBeGreaterThanOrEqual(6);
      const verified = await runCli(["audit", "verify", "--config", join(dir, "mesh.yaml")], {
        env: { AGENT_MESH_HOME: join(dir, "ops-home") },
      });
      expect(verified.stdout).toMatch(/audit log intact: \d+ records/);
      expect(verified.code).toBe(0);
    });

    it("finishes a workflow run whose replica is SIGKILLed, each side effect once", async () => {
      const since = sandbox.recorder.requests.length;
      const onFirst = await connectApp(replicas[0]!);
      clients.push(onFirst);
      const runId = await startRun(onFirst);
      const approval = await pendingApproval(replicas[1]!.origin, runId);
      await replicas[0]!.kill();

      // Nobody restarts replica 1: a live replica takes the run over; approved through replica 3.
      await decide(replicas[2]!.origin, approval, "approve");
      const onSecond = await connectApp(replicas[1]!);
      clients.push(onSecond);
      const run = await waitForStatus(onSecond, runId, "succeeded", 180_000);
      expectFinishedOnce(run, sideEffects(sandbox, runId, since));
    }, 300_000);

    async function eventuallyRows() {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const rows = await queryDatabase<{ tool: string; outcome: string }>(
          database.url,
          "SELECT tool, outcome FROM agent_mesh_audit ORDER BY seq",
        );
        const done =
          rows.some((r) => r.tool === "delete_item" && r.outcome === "ok") &&
          rows.filter((r) => r.tool === "vercel_project_list").length >= 6;
        if (done) return rows;
        if (Date.now() > deadline) return rows;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  },
);
