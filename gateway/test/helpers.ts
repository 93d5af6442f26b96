import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { parseConfig } from "../src/config/load.js";
import type { MeshConfig } from "../src/config/schema.js";
import { Mesh } from "../src/mesh.js";
import { firstPartyPlatforms } from "../src/platforms.js";

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
  options: { capabilities?: ClientCapabilities; env?: Record<string, string> } = {},
): Promise<TestMesh> {
  const sandbox = await startSandbox({ stepMs: 20 });
  const mesh = new Mesh({
    platforms: firstPartyPlatforms,
    env: { ...sandbox.env, AGENT_MESH_LOG_LEVEL: "error", ...options.env },
  });
  const clients: Client[] = [];
  const connect = async (capabilities: ClientCapabilities = {}) => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "test", version: "1.0.0" }, { capabilities });
    await mesh.connectSession().connect(serverSide);
    await client.connect(clientSide);
    clients.push(client);
    return client;
  };
  await mesh.apply(config(yaml, { ...process.env, ...options.env }));
  await mesh.settled(30_000);
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
