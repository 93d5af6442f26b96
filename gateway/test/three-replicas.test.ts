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
import { freshDatabase, postgresProblem, queryDatabase } from "./postgres.js";
import { dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";

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
      sandbox = await startSandbox({ platforms: ["vercel"] });
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
`,
      );
      // Each its own home (as each container has its own filesystem); the state is shared.
      replicas = await Promise.all(
        [1, 2, 3].map((n) =>
          startGatewayProcess(config, { ...sandbox.env, AGENT_MESH_HOME: join(dir, `home-${n}`) }),
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

    it("releases a call asked on one replica with an approval given through another", async () => {
      const asking = new Client({ name: "direct", version: "1" });
      await asking.connect(
        new StreamableHTTPClientTransport(new URL(replicas[0]!.url), {
          requestInit: { headers: { authorization: `Bearer ${APP_TOKEN}` } },
        }),
      );
      clients.push(asking);
      const first = (await asking.callTool({
        name: "delete_item",
        arguments: { id: "x1" },
      })) as CallToolResult;
      expect(envelope(first)?.code).toBe("confirmation_required");
      const id = envelope(first)?.details?.approval_id as string;
      expect(id).toMatch(/^apr_/);

      // The operator approves through replica 2, with the CLI.
      const env = {
        AGENT_MESH_HOME: join(dir, "ops-home"),
        AGENT_MESH_URL: replicas[1]!.url,
        AGENT_MESH_TOKEN: OPS_TOKEN,
      };
      const listed = await runCli(["approvals", "list", "--json"], { env });
      expect(JSON.parse(listed.stdout)).toContainEqual(
        expect.objectContaining({ id, status: "pending", tool: "delete_item" }),
      );
      const approved = await runCli(["approvals", "approve", id], { env });
      expect(approved.stderr).toBe("");
      expect(approved.code).toBe(0);

      // Replica 3 sees it approved (admin route) and runs the call once.
      const seen = await fetch(`${replicas[2]!.origin}/admin/approvals`, {
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      });
      expect(seen.status).toBe(200);
      expect(((await seen.json()) as { approvals: unknown[] }).approvals).toContainEqual(
        expect.objectContaining({ id, status: "approved" }),
      );

      const onThird = new Client({ name: "direct", version: "1" });
      await onThird.connect(
        new StreamableHTTPClientTransport(new URL(replicas[2]!.url), {
          requestInit: { headers: { authorization: `Bearer ${APP_TOKEN}` } },
        }),
      );
      clients.push(onThird);
      const ran = (await onThird.callTool({
        name: "delete_item",
        arguments: { id: "x1", approval_id: id },
      })) as CallToolResult;
      expect(ran.isError).toBeFalsy();
      expect(ran.structuredContent).toEqual({ deleted: "x1" });
      const again = (await asking.callTool({
        name: "delete_item",
        arguments: { id: "x1", approval_id: id },
      })) as CallToolResult;
      expect(envelope(again)?.message).toMatch(/already used/);
    });

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
