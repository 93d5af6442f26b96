import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/audit/database.js";
import { type HttpAuth, httpAuthFor } from "../src/auth/index.js";
import { hashKey } from "../src/auth/key-token.js";
import { Mesh } from "../src/mesh.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { runCli } from "./cli-io.js";
import { config, eventually } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** One gateway replica: a mesh (vercel and aws, no credentials needed to list) behind HTTP. */
async function startReplica(yaml: string) {
  const parsed = config(yaml);
  const mesh = new Mesh({
    platforms: firstPartyPlatforms,
    env: { AGENT_MESH_LOG_LEVEL: "error" },
    logger: createLogger({ name: "agent-mesh", level: "error" }),
  });
  await mesh.apply(parsed);
  const auth: HttpAuth = httpAuthFor(parsed, process.env)!;
  const http: HttpGateway = await serveHttp(mesh, parsed.gateway, [], auth);
  return {
    http,
    async close() {
      await http.close();
      await auth.close();
      await mesh.close();
    },
  };
}

const ping = (url: string, key: string) =>
  fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
  });

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: "keys-test", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

const YAML = `gateway:
  port: 0
auth: {}
integrations:
  vercel: {}
  aws: {}
`;

describe("API keys in the embedded database", () => {
  let replica: Awaited<ReturnType<typeof startReplica>>;
  let dir: string;
  let configPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "agent-mesh-keys-"));
    configPath = join(dir, "mesh.yaml");
    await writeFile(configPath, YAML);
    replica = await startReplica(YAML);
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const keys = (args: string[]) => runCli(["keys", ...args, "--config", configPath]);

  it("creates a key shown once, stored only as its hash, accepted as a bearer token", async () => {
    const created = await keys([
      "create",
      "--client",
      "ci",
      "--role",
      "deployer",
      "--expires",
      "90d",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.split("\n")[0]!;
    expect(key).toMatch(/^amk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toContain("only time it is shown");
    const id = key.slice(4, 16);

    const listed = await keys(["list"]);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ci\\s+deployer\\s+-\\s+active`));
    expect(listed.stdout).not.toContain(key.slice(17));
    const json = (await keys(["list", "--json"])).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; expires_at?: string });
    const mine = json.find((k) => k.id === id)!;
    const days = (Date.parse(mine.expires_at!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    // What the database holds: the key's SHA-256, never the key.
    const db = await openDatabase(undefined, process.env);
    try {
      const rows = await db.query<Record<string, unknown>>(
        "SELECT * FROM agent_mesh_api_keys WHERE id = $1",
        [id],
      );
      expect(rows[0]!.hash).toBe(hashKey(key));
      expect(JSON.stringify(rows)).not.toContain(key.slice(17));
    } finally {
      await db.close();
    }

    // A deployer key, through the SDK client: non-destructive writes yes, destructive ones no.
    const client = await connect(replica.http.url, key);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(["vercel_project_list", "vercel_deployment_create"]),
      );
      expect(names).not.toContain("aws_kv_set");
      const refused = await client.callTool({
        name: "aws_kv_set",
        arguments: { key: "k", value: { v: 1 } },
      });
      expect(refused.isError).toBe(true);
      expect(readEnvelope(refused as CallToolResult)).toMatchObject({ code: "policy_denied" });
      expect(readEnvelope(refused as CallToolResult)?.message).toMatch(/client ci .*deployer/);
    } finally {
      await client.close();
    }

    const revoked = await keys(["revoke", id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked API key ${id} of ci`);
    const res = await ping(replica.http.url, key);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      `API key ${id} was revoked`,
    );
    expect((await keys(["list"])).stdout).toMatch(
      new RegExp(`${id}\\s+ci\\s+deployer\\s+-\\s+revoked`),
    );
  }, 180_000);

  it("refuses an expired key with a message that says so and what to do", async () => {
    const created = await keys([
      "create",
      "--client",
      "nightly",
      "--role",
      "viewer",
      "--expires",
      "1s",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
    const message = await eventually(
      async () => {
        const res = await ping(replica.http.url, key);
        if (res.status !== 401) return undefined;
        return ((await res.json()) as { error: { message: string } }).error.message;
      },
      30_000,
      "the key to expire",
    );
    expect(message).toMatch(
      new RegExp(`API key ${id} expired at .*create a new one with \`agent-mesh keys create\``),
    );
  });

  it("refuses unknown keys and bad input with clear errors", async () => {
    const forged = `amk_${randomBytes(6).toString("hex")}_${randomBytes(32).toString("base64url")}`;
    const res = await ping(replica.http.url, forged);
    expect(res.status, await res.clone().text()).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "not one of this mesh's",
    );
    const noRole = await keys(["create", "--client", "ci"]);
    expect(noRole.code, noRole.stderr).toBe(2);
    expect(noRole.stderr).toContain("give at least one --role");
    const badExpiry = await keys([
      "create",
      "--client",
      "ci",
      "--role",
      "viewer",
      "--expires",
      "soon",
    ]);
    expect(badExpiry.code, badExpiry.stderr).toBe(2);
    expect(badExpiry.stderr).toContain('--expires "soon" is not a duration');
    const missing = await keys(["revoke", "000000000000"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no API key with id "000000000000"');
  });
});

const postgres = await (async () => {
  const probe = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!postgres)("API keys shared by two replicas on one PostgreSQL", () => {
  const name = `agent_mesh_keys_${randomBytes(6).toString("hex")}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  let dir: string;
  let configPath: string;
  let replicas: Array<Awaited<ReturnType<typeof startReplica>>> = [];

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    dir = await mkdtemp(join(tmpdir(), "agent-mesh-keys-pg-"));
    configPath = join(dir, "mesh.yaml");
    const yaml = `${YAML}database: ${url}\n`;
    await writeFile(configPath, yaml);
    replicas = await Promise.all([startReplica(yaml), startReplica(yaml)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(replicas.map((r) => r.close()));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it("a key revoked through the CLI is refused by every replica at once", async () => {
    const created = await runCli([
      "keys",
      "create",
      "--client",
      "ci",
      "--role",
      "admin",
      "--json",
      "--config",
      configPath,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
    for (const replica of replicas) {
      const client = await connect(replica.http.url, key);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("aws_kv_set");
      await client.close();
    }
    const revoked = await runCli(["keys", "revoke", id, "--config", configPath]);
    expect(revoked.code, revoked.stderr).toBe(0);
    // No waiting: the very next request on each replica is refused.
    for (const replica of replicas) {
      const res = await ping(replica.http.url, key);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        `API key ${id} was revoked`,
      );
    }
  });
});
