import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Caller, createLogger } from "@agent-mesh/core";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { CallToolResultSchema, type ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { parseConfig } from "../src/config/load.js";
import type { MeshConfig } from "../src/config/schema.js";
import { Mesh } from "../src/mesh.js";
import { firstPartyPlatforms } from "./platforms.js";

const require = createRequire(import.meta.url);

/** server-everything's entry point, run with this Node like any stdio server. */
export const EVERYTHING = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist/index.js",
);

/** A stdio server entry for mesh.yaml running server-everything. */
export function everythingYaml(name: string, extra = ""): string {
  return `  ${name}:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(EVERYTHING)}, stdio]\n${extra}`;
}

/** The caller of in-memory test sessions. */
export const TEST_CALLER: Caller = {
  id: "test",
  name: "test client",
  kind: "anonymous",
  roles: [],
};

export function config(yaml: string, env: Record<string, string | undefined> = {}): MeshConfig {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, env);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

export interface TestMesh {
  mesh: Mesh;
  client: Client;
  sandbox: RunningSandbox;
  /** A further client session on the same mesh. */
  connect(capabilities?: ClientCapabilities): Promise<Client>;
  close(): Promise<void>;
}

/** A mesh over the sandbox with the given config, and a client connected in memory. */
export async function startTestMesh(
  yaml: string,
  options: {
    capabilities?: ClientCapabilities;
    env?: Record<string, string>;
    settle?: boolean;
  } = {},
): Promise<TestMesh> {
  const sandbox = await startSandbox({ stepMs: 20 });
  const mesh = new Mesh({
    platforms: firstPartyPlatforms,
    env: { ...sandbox.env, AGENT_MESH_LOG_LEVEL: "error", ...options.env },
    logger: createLogger({ name: "agent-mesh", level: "error" }),
  });
  const clients: Client[] = [];
  const connect = async (capabilities: ClientCapabilities = {}) => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "test", version: "1.0.0" }, { capabilities });
    await mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
    clients.push(client);
    return client;
  };
  await mesh.apply(config(yaml, { ...process.env, ...options.env }));
  if (options.settle !== false) await mesh.settled(30_000);
  const client = await connect(options.capabilities);
  return {
    mesh,
    client,
    sandbox,
    connect,
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await mesh.close();
      await sandbox.close();
    },
  };
}

/** The test fixture server (see fixtures/fixture-server.mjs), as a mesh.yaml server entry. */
export const FIXTURE = join(
  dirname(new URL(import.meta.url).pathname),
  "fixtures",
  "fixture-server.mjs",
);

export function fixtureYaml(name: string, flags: string[] = [], extra = ""): string {
  const args = [FIXTURE, ...flags].map((arg) => JSON.stringify(arg)).join(", ");
  return `  ${name}:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${args}]\n${extra}`;
}

/** Calls a tool through the gateway; results come back as the client sees them. */
export function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options: Parameters<Client["request"]>[2] = {},
) {
  return client.request(
    { method: "tools/call", params: { name, arguments: args } },
    CallToolResultSchema,
    options,
  );
}

/** Whether a process is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  ms = 45_000,
  what = "the condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
