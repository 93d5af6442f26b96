import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";

/** The small third-party server of the audit, approval and pinning tests. */
export const GUARDED = join(
  dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "guarded-server.mjs",
);

export const APP_TOKEN = "app-token-0123456789abcdef";
export const OPS_TOKEN = "ops-token-0123456789abcdef";

/** mesh.yaml with two clients (app, and ops with the operator role) and the guarded server. */
export function guardedYaml(extra = "", serverExtra = ""): string {
  return `gateway:
  port: 0
  clients:
    app: { token: ${APP_TOKEN} }
    ops: { token: ${OPS_TOKEN}, roles: [operator] }
servers:
  guarded:
    command: ${JSON.stringify(process.execPath)}
    args: [${JSON.stringify(GUARDED)}]
${serverExtra}${extra}`;
}

export interface GuardedGateway {
  dir: string;
  home: string;
  config: string;
  running: RunningMesh;
  http: HttpGateway;
  url: string;
  connect(token?: string, capabilities?: ClientCapabilities): Promise<Client>;
  close(): Promise<void>;
}

/** Writes mesh.yaml in a fresh folder and serves it over HTTP on a free port. */
export async function startGuarded(
  yaml: string,
  env: Record<string, string> = {},
  dir?: string,
): Promise<GuardedGateway> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), "mesh-guarded-")));
  const home = join(folder, "home");
  const config = join(folder, "mesh.yaml");
  await writeFile(config, yaml);
  const running = await startMesh({
    configPath: config,
    env: { ...process.env, AGENT_MESH_HOME: home, ...env },
    logger: createLogger({ name: "agent-mesh", level: "error" }),
  });
  await running.mesh.settled(30_000);
  const http = await serveHttp(running.mesh, running.config.gateway);
  const clients: Client[] = [];
  return {
    dir: folder,
    home,
    config,
    running,
    http,
    url: http.url,
    async connect(token = APP_TOKEN, capabilities = {}) {
      const client = new Client({ name: "guarded-test", version: "1" }, { capabilities });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(http.url), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close().catch(() => {});
      await http.close();
      await running.close();
    },
  };
}
