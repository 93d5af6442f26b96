import { userInfo } from "node:os";
import type { Caller } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  ElicitRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { SERVER_META } from "../catalog/catalog.js";
import type { ClientRequests, Progress } from "../pipeline/context.js";
import { text, type Values } from "./args.js";
import { CliError } from "./cli-error.js";
import type { Io } from "./io.js";
import { meshForCommand } from "./mesh-for-cli.js";
import { readRecord } from "./running-gateway.js";
import { notReadyWarnings } from "./warnings.js";

export interface ToolInfo extends Tool {
  server: string;
}

export interface CallOptions {
  onProgress?: (progress: Progress) => void;
  answers?: ClientRequests | undefined;
}

/** The mesh a one-shot command talks to: the running gateway, or one started in-process. */
export interface MeshTarget {
  readonly remote: boolean;
  tools(): Promise<ToolInfo[]>;
  call(name: string, args: Record<string, unknown>, options?: CallOptions): Promise<CallToolResult>;
  /** Downstreams that are not ready, one line each. */
  warnings(): string[];
  close(): Promise<void>;
}

/**
 * Picks the mesh a command acts on: `--url` or AGENT_MESH_URL, else the gateway `agent-mesh
 * start` is running (unless --local or --config, or --sandbox while it is not a sandbox), else
 * an in-process mesh. Says which on stderr whenever it is not the quiet default.
 */
export async function openTarget(
  io: Io,
  values: Values,
  answers?: ClientRequests,
): Promise<MeshTarget> {
  const explicit = text(values, "url") ?? io.env.AGENT_MESH_URL;
  if (explicit) return connectRemote(io, explicit, answers);
  const record = values.local || text(values, "config") ? undefined : readRecord(io.env);
  if (record && values.sandbox === true && !record.sandbox) {
    io.err(
      `agent-mesh: the running gateway (${record.url}) is not a sandbox; using an in-process sandbox mesh\n`,
    );
  } else if (record) {
    return connectRemote(io, record.url, answers);
  } else if (io.interactive) {
    io.err(
      `agent-mesh: no running gateway; using an in-process mesh${values.sandbox ? " (sandbox)" : ""}\n`,
    );
  }
  return local(io, values, answers);
}

async function local(io: Io, values: Values, answers?: ClientRequests): Promise<MeshTarget> {
  const running = await meshForCommand(io, values);
  const { mesh } = running;
  return {
    remote: false,
    async tools() {
      return [...mesh.catalog.tools.values()].map((entry) => ({
        ...entry.exposed,
        server: entry.downstream.name,
      }));
    },
    // One in-process hop: the call goes through the mesh's pipeline like any other.
    call: (name, args, options = {}) =>
      mesh.callTool({
        caller: cliCaller(),
        name,
        arguments: args,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(answers ? { clientRequests: answers } : {}),
      }),
    warnings: () => notReadyWarnings(mesh),
    close: () => running.close(),
  };
}

async function connectRemote(
  io: Io,
  url: string,
  answers: ClientRequests | undefined,
): Promise<MeshTarget> {
  const token = io.env.AGENT_MESH_TOKEN;
  const client = new Client(
    { name: "agent-mesh-cli", version: "0.1.0" },
    { capabilities: answers ? { elicitation: { form: {} } } : {} },
  );
  if (answers) {
    client.setRequestHandler(ElicitRequestSchema, (request) => answers.send(request) as never);
  }
  const endpoint = parseUrl(url);
  try {
    await client.connect(
      new StreamableHTTPClientTransport(endpoint, {
        requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
      }),
    );
  } catch (err) {
    throw unreachable(url, err, Boolean(token));
  }
  io.err(`agent-mesh: using the running gateway at ${url}\n`);
  return {
    remote: true,
    async tools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {});
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools.map((tool) => ({ ...tool, server: String(tool._meta?.[SERVER_META] ?? "") }));
    },
    call: (name, args, options = {}) =>
      client.request(
        { method: "tools/call", params: { name, arguments: args } },
        CallToolResultSchema,
        {
          timeout: 24 * 60 * 60_000,
          ...(options.onProgress ? { onprogress: options.onProgress } : {}),
        },
      ),
    warnings: () => [],
    close: () => client.close(),
  };
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new CliError(
      `"${url}" is not a URL`,
      "give the gateway's MCP URL, e.g. http://127.0.0.1:7420/mcp",
      2,
    );
  }
}

function unreachable(url: string, err: unknown, token: boolean): CliError {
  const message = err instanceof Error ? err.message : String(err);
  if (/\b401\b|Unauthorized/.test(message)) {
    return new CliError(
      `the gateway at ${url} wants a bearer token${token ? " and refused AGENT_MESH_TOKEN" : ""}`,
      "export AGENT_MESH_TOKEN with one of its clients' tokens (gateway.clients or gateway.tokens)",
    );
  }
  return new CliError(
    `no gateway answers at ${url}: ${message}`,
    "start one with `agent-mesh start`, or use --local for an in-process mesh",
  );
}

/** The person running the CLI, as the mesh records callers. */
export function cliCaller(): Caller {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No user database entry (some containers): the kind says enough.
  }
  return { id: "cli", name: `agent-mesh CLI (${user})`, kind: "cli", roles: [] };
}
