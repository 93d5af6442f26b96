import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, readEnvelope } from "@agent-mesh/core";
import type { RunningSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";

/** Tokens of the named clients every policy test mesh knows. */
export const TOKENS = {
  ci: "ci-token-0123456789abcdef",
  dev: "dev-token-0123456789abcdef",
  remote: "remote-token-0123456789abcdef",
} as const;

export const CLIENTS_YAML = `gateway:
  port: 0
  clients:
    ci: { token: ${TOKENS.ci}, roles: [builder] }
    dev: { token: ${TOKENS.dev}, roles: [developer] }
    remote: { token: ${TOKENS.remote} }
`;

export interface PolicyMesh {
  running: RunningMesh;
  http: HttpGateway;
  file: string;
  /** Log lines, parsed. */
  logs: Array<Record<string, unknown>>;
  /** A client of the gateway over HTTP as `who`, with extra request headers. */
  client(who: keyof typeof TOKENS, headers?: Record<string, string>): Promise<Client>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** A gateway from a mesh.yaml written to a temp folder, served over HTTP on port 0. */
export async function startPolicyMesh(
  yaml: string,
  sandbox: RunningSandbox,
  options: { clock?: () => Date; watch?: boolean } = {},
): Promise<PolicyMesh> {
  const dir = await mkdtemp(join(tmpdir(), "mesh-policy-"));
  const file = join(dir, "mesh.yaml");
  await writeFile(file, yaml);
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    name: "agent-mesh",
    level: "warn",
    write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const running = await startMesh({
    configPath: file,
    env: { ...process.env, ...sandbox.env },
    logger,
    watch: options.watch ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await running.mesh.settled(30_000);
  const http = await serveHttp(running.mesh, running.config.gateway);
  const clients: Client[] = [];
  return {
    running,
    http,
    file,
    logs,
    async client(who, headers = {}) {
      const client = new Client({ name: `policy-test-${who}`, version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(http.url), {
          requestInit: { headers: { authorization: `Bearer ${TOKENS[who]}`, ...headers } },
        }),
      );
      clients.push(client);
      return client;
    },
    async metrics() {
      const res = await fetch(http.url.replace(/\/mcp$/, "/metrics"), {
        headers: { authorization: `Bearer ${TOKENS.ci}` },
      });
      return res.text();
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await http.close();
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The line (1-based) of the first line of `yaml` containing `text`. */
export function lineOf(yaml: string, text: string): number {
  const index = yaml.split("\n").findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in the yaml`);
  return index + 1;
}

/** A result's envelope (for errors) or structured content. */
export function envelope(result: Record<string, unknown>) {
  const found = readEnvelope(result as CallToolResult);
  if (!found) throw new Error(`not an envelope: ${JSON.stringify(result)}`);
  return found;
}

export async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name);
}

/** A counter's value in Prometheus text, for the labels given (0 when absent). */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.split(" ").at(-1));
  }
  return 0;
}
