import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEnvelope } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process.js";
import { eventually } from "./helpers.js";
import { freshDatabase, POSTGRES_ADMIN_URL, postgresProblem, queryDatabase } from "./postgres.js";
import { dropUsedPrefixes, REDIS_URL, redisProblem, uniquePrefix } from "./redis.js";
import { TcpProxy } from "./tcp-proxy.js";

// A replica whose Redis and PostgreSQL go away and come back: each is reached through a TCP
// proxy this test opens and closes (the machine's own services keep running).

const problem = (await redisProblem()) ?? (await postgresProblem());

interface Health {
  status: string;
  state: { kind: string; ok: boolean; error?: string };
  database: { kind: string; ok: boolean; target: string; error?: string };
}

describe.skipIf(problem !== undefined)(
  "a replica whose Redis or PostgreSQL is unreachable",
  { timeout: 90_000 },
  () => {
    let dir: string;
    let sandbox: RunningSandbox;
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let redisProxy: TcpProxy;
    let postgresProxy: TcpProxy;
    let gateway: GatewayProcess;
    let client: Client;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "mesh-degraded-"));
      sandbox = await startSandbox({ platforms: ["vercel"] });
      database = await freshDatabase("degraded");
      const redis = new URL(REDIS_URL);
      const postgres = new URL(POSTGRES_ADMIN_URL);
      redisProxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
      postgresProxy = await TcpProxy.start({
        host: postgres.hostname,
        port: Number(postgres.port || 5432),
      });
      const viaProxy = (url: string, port: number) => {
        const proxied = new URL(url);
        proxied.hostname = "127.0.0.1";
        proxied.port = String(port);
        return proxied.toString();
      };
      const config = join(dir, "mesh.yaml");
      await writeFile(
        config,
        `integrations:
  vercel: {}
database: ${viaProxy(database.url, postgresProxy.port)}
state:
  redis: ${viaProxy(REDIS_URL, redisProxy.port)}
  key_prefix: "${uniquePrefix("degraded")}"
`,
      );
      gateway = await startGatewayProcess(config, {
        ...sandbox.env,
        AGENT_MESH_HOME: join(dir, "home"),
      });
      client = new Client({ name: "degraded", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url)));
    }, 240_000);

    afterAll(async () => {
      await client?.close().catch(() => {});
      await gateway?.stop();
      await Promise.allSettled([redisProxy?.close(), postgresProxy?.close()]);
      await sandbox?.close();
      await database?.drop();
      await dropUsedPrefixes();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 60_000);

    const health = async () => (await (await fetch(`${gateway.origin}/health`)).json()) as Health;
    const create = (key?: string) =>
      client.callTool({
        name: "vercel_deployment_create",
        arguments: { project: "web", ref: "main", ...(key ? { idempotency_key: key } : {}) },
      }) as Promise<CallToolResult>;
    const creates = () => sandbox.recorder.to("vercel", "/v13/deployments").length;

    it("reports ok while both answer", async () => {
      const seen = await eventually(
        async () => {
          const h = await health();
          return h.status === "ok" && h.database?.ok ? h : undefined;
        },
        30_000,
        "a healthy report",
      );
      expect(seen.state).toMatchObject({ kind: "redis", ok: true });
      expect(seen.database).toMatchObject({ kind: "postgres", ok: true });
      expect(seen.database.target).toContain(database.name);
      expect((await create()).isError).toBeFalsy();
    });

    it("names PostgreSQL when it goes away, refuses side effects at once, keeps reads", async () => {
      await postgresProxy.close();
      const seen = await eventually(
        async () => {
          const h = await health();
          return h.database.ok ? undefined : h;
        },
        30_000,
        "/health to report the database",
      );
      expect(seen.status).toBe("degraded");
      expect(seen.database.error).toBeTruthy();
      // The probe route stays 200 (restarting a replica does not bring PostgreSQL back).
      const probe = await fetch(`${gateway.origin}/healthz`);
      expect(probe.status).toBe(200);
      expect(await probe.json()).toEqual({ status: "degraded" });
      expect(seen.state.ok).toBe(true);

      const before = creates();
      const started = Date.now();
      const refused = await create();
      expect(Date.now() - started).toBeLessThan(15_000);
      const envelope = readEnvelope(refused as never);
      expect(envelope?.code).toBe("upstream_unavailable");
      expect(envelope?.message).toMatch(/audit log cannot be written/);
      expect(creates()).toBe(before);

      // A read goes on; its record cannot be written, and the gateway says so in its log.
      const read = (await client.callTool({
        name: "vercel_project_list",
        arguments: {},
      })) as CallToolResult;
      expect(read.isError).toBeFalsy();
      await eventually(
        () => gateway.stderr().includes("audit: could not write a record (call)"),
        30_000,
        "the lost record to be logged",
      );
    });

    it("names Redis too when it goes away, and refuses calls that need shared state", async () => {
      await redisProxy.close();
      const seen = await eventually(
        async () => {
          const h = await health();
          return h.state.ok ? undefined : h;
        },
        30_000,
        "/health to report Redis",
      );
      expect(seen.status).toBe("degraded");
      expect(seen.state).toMatchObject({ kind: "redis", ok: false });
      expect(seen.database.ok).toBe(false);

      const before = creates();
      const started = Date.now();
      const refused = readEnvelope((await create(`k-${Date.now()}`)) as never);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(refused?.code).toBe("upstream_unavailable");
      expect(creates()).toBe(before);
    });

    it("recovers by itself when both come back", async () => {
      await Promise.all([redisProxy.open(), postgresProxy.open()]);
      const seen = await eventually(
        async () => {
          const h = await health();
          return h.status === "ok" && h.database.ok && h.state.ok ? h : undefined;
        },
        60_000,
        "/health to report ok again",
      );
      expect(seen.database.error).toBeUndefined();

      const before = creates();
      const key = `after-${Date.now()}`;
      const ran = await create(key);
      expect(ran.isError).toBeFalsy();
      expect(creates()).toBe(before + 1);
      // Its record is in the database.
      await eventually(
        async () => {
          const rows = await queryDatabase<{ n: string }>(
            database.url,
            "SELECT count(*) AS n FROM agent_mesh_audit WHERE tool = 'vercel_deployment_create' AND outcome = 'ok'",
          );
          return Number(rows[0]?.n) >= 2;
        },
        30_000,
        "the record of the call after recovery",
      );
    });
  },
);
