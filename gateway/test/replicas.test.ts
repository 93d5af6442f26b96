import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readEnvelope } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, eventually } from "./helpers.js";
import { closedPort, dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";

// Two gateway processes on one Redis, both in front of one sandbox started here: what a load
// balancer in front of replicas does to a client, request by request.

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
const problem = await redisProblem();

interface Gateway {
  url: string;
  process: ChildProcess;
  client: Client;
}

let dir: string;
let sandbox: RunningSandbox;
const gateways: Gateway[] = [];
let a: Gateway;
let b: Gateway;
/** A gateway whose Redis is a closed port. */
let down: Gateway;

let started = 0;

async function startGateway(config: string): Promise<Gateway> {
  // Each replica its own home: the embedded audit database belongs to one process (replicas in
  // production share `database: postgres://...`; this test is about the Redis state).
  const home = join(dir, `home-${++started}`);
  const child = spawn(
    process.execPath,
    [BIN, "start", "--config", config, "--port", "0", "--no-watch"],
    {
      env: { ...process.env, ...sandbox.env, AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" },
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = await eventually(
    () => /listening on (\S+\/mcp)/.exec(stderr)?.[1],
    30_000,
    `the listening line (stderr so far: ${stderr})`,
  );
  await eventually(() => stderr.includes("tools ready"), 30_000, "the ready line");
  const client = new Client({ name: "replica-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const gateway = { url, process: child, client };
  gateways.push(gateway);
  return gateway;
}

async function writeConfig(name: string, redis: string, prefix: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    `integrations:\n  vercel: {}\nstate:\n  redis: ${redis}\n  key_prefix: "${prefix}"\n`,
  );
  return file;
}

/** A result's data: structuredContent, or for an error the envelope its text carries. */
const data = (result: CallToolResult) =>
  (result.isError ? readEnvelope(result) : result.structuredContent) as Record<string, unknown>;

describe.skipIf(problem !== undefined)("two gateway replicas on one Redis", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-replicas-"));
    // Deployments stay QUEUED long enough to be cancelled.
    sandbox = await startSandbox({ platforms: ["vercel"], stepMs: 10 * 60_000 });
    const shared = await writeConfig("mesh.yaml", REDIS_URL, uniquePrefix("replicas"));
    const broken = await writeConfig(
      "broken.yaml",
      `redis://127.0.0.1:${await closedPort()}`,
      uniquePrefix("down"),
    );
    [a, b, down] = await Promise.all([
      startGateway(shared),
      startGateway(shared),
      startGateway(broken),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(gateways.map((g) => g.client.close()));
    await Promise.all(
      gateways.map(
        (g) =>
          new Promise<void>((resolve) => {
            if (g.process.exitCode !== null) return resolve();
            g.process.once("exit", () => resolve());
            g.process.kill("SIGTERM");
          }),
      ),
    );
    await sandbox?.close();
    await dropUsedPrefixes();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("accepts a confirmation token issued by A once on B, then refuses it on A", async () => {
    const created = data(
      await callTool(a.client, "vercel_deployment_create", { project: "web", ref: "main" }),
    );
    const args = { deployment_id: created.id as string };
    const asked = data(await callTool(a.client, "vercel_deployment_cancel", args));
    expect(asked).toMatchObject({ code: "confirmation_required" });
    const token = (asked.details as { confirm_token: string }).confirm_token;

    const onB = await callTool(b.client, "vercel_deployment_cancel", {
      ...args,
      confirm_token: token,
    });
    expect(onB.isError).toBeFalsy();
    expect(data(onB)).toMatchObject({ id: created.id, state: "CANCELED" });

    const againOnA = data(
      await callTool(a.client, "vercel_deployment_cancel", { ...args, confirm_token: token }),
    );
    expect(againOnA).toMatchObject({ code: "confirmation_required" });
    expect(againOnA.message).toContain("already used");
    expect(sandbox.recorder.to("vercel", /\/cancel$/)).toHaveLength(1);
  });

  it("runs a call with an idempotency key once, whether retried later or meanwhile on B", async () => {
    const creates = () => sandbox.recorder.to("vercel", "/v13/deployments").length;
    const before = creates();
    const args = { project: "web", ref: "main", idempotency_key: `retry-${Date.now()}` };
    const first = await callTool(a.client, "vercel_deployment_create", args);
    const retried = await callTool(b.client, "vercel_deployment_create", args);
    expect(data(retried).id).toBe(data(first).id);
    expect(retried._meta).toMatchObject({ "agent-mesh/idempotent-replay": true });
    expect(creates()).toBe(before + 1);

    const both = { ...args, idempotency_key: `race-${Date.now()}` };
    const [onA, onB] = await Promise.all([
      callTool(a.client, "vercel_deployment_create", both),
      callTool(b.client, "vercel_deployment_create", both),
    ]);
    expect(data(onA).id).toBe(data(onB).id);
    expect(creates()).toBe(before + 2);
  });

  it("continues a session opened on A with requests sent to B", async () => {
    const post = (url: string, body: unknown, session?: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(session ? { "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" } : {}),
        },
        body: JSON.stringify(body),
      });
    const opened = await post(a.url, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "roaming", version: "1" },
      },
    });
    expect(opened.status).toBe(200);
    const session = opened.headers.get("mcp-session-id")!;
    expect(
      (await post(a.url, { jsonrpc: "2.0", method: "notifications/initialized" }, session)).status,
    ).toBe(202);

    const call = await post(
      b.url,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "vercel_project_list", arguments: {} },
      },
      session,
    );
    expect(call.status).toBe(200);
    expect(call.headers.get("mcp-session-id")).toBe(session);
    const body = (await call.json()) as { id: number; result: CallToolResult };
    expect(body.id).toBe(1);
    expect(body.result.isError).toBeFalsy();
    expect(JSON.stringify(body.result.structuredContent)).toContain("web");

    const ended = await fetch(b.url, { method: "DELETE", headers: { "mcp-session-id": session } });
    expect(ended.status).toBe(200);
    const afterEnd = await post(a.url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, session);
    expect(afterEnd.status).toBe(404);
  });

  it("reports an unreachable Redis in /health, refuses calls that need it, serves the rest", async () => {
    const health = (await (await fetch(down.url.replace(/\/mcp$/, "/health"))).json()) as {
      status: string;
      state: { kind: string; ok: boolean; error?: string };
    };
    expect(health.status).toBe("degraded");
    expect(health.state).toMatchObject({ kind: "redis", ok: false });
    expect(health.state.error).toBeTruthy();
    const healthy = (await (await fetch(a.url.replace(/\/mcp$/, "/health"))).json()) as {
      state: { ok: boolean };
    };
    expect(healthy.state).toMatchObject({ kind: "redis", ok: true });

    const creates = sandbox.recorder.to("vercel", "/v13/deployments").length;
    const refused = data(
      await callTool(down.client, "vercel_deployment_create", {
        project: "web",
        ref: "main",
        idempotency_key: "needs-state",
      }),
    );
    expect(refused).toMatchObject({ code: "upstream_unavailable" });
    expect(refused.message).toContain("shared state");
    expect(sandbox.recorder.to("vercel", "/v13/deployments")).toHaveLength(creates);

    const listed = await callTool(down.client, "vercel_project_list", {});
    expect(listed.isError).toBeFalsy();
  });
});
