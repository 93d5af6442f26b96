import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { readEnvelope } from "./envelope.js";
import type { ErrorCode, ErrorEnvelope } from "./errors.js";
import type { PlatformDefinition } from "./platform.js";
import { createServer, type ServerOptions } from "./server.js";
import type { Settings } from "./settings.js";

export interface ConnectOptions extends ServerOptions {
  /** Answer elicitation requests (advertises the capability when given). */
  onElicit?: (message: string) => ElicitResult | Promise<ElicitResult>;
}

export interface Connected {
  client: Client;
  /** Calls a tool and returns the raw result, error envelopes included. */
  call(
    name: string,
    args?: Record<string, unknown>,
    options?: {
      onprogress?: (p: { progress: number; total?: number; message?: string }) => void;
      signal?: AbortSignal;
    },
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * Links a real MCP client to a platform's server in one process. Tests assert on what a client
 * really receives, through the SDK's validation and the JSON-RPC wire format.
 */
export async function connectInMemory<S extends Settings, C>(
  platform: PlatformDefinition<S, C>,
  options: ConnectOptions = {},
): Promise<Connected> {
  const server = createServer(platform, options);
  const client = new Client(
    { name: "agent-mesh-test", version: "0.0.0" },
    { capabilities: options.onElicit ? { elicitation: { form: {} } } : {} },
  );
  if (options.onElicit) {
    const onElicit = options.onElicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) =>
      onElicit(request.params.message),
    );
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([client.connect(clientTransport), server.connect(serverTransport)]);
  let listed: Promise<unknown> | undefined;
  return {
    client,
    // As real clients do: listTools once (the SDK then checks every structured result against
    // its tool's output schema), then the SDK's own callTool. Error results carry no
    // structuredContent, so the envelope text reaches the caller whole.
    call: async (name, args = {}, callOptions = {}) => {
      listed ??= client.listTools();
      await listed;
      return (await client.callTool(
        { name, arguments: args },
        CallToolResultSchema,
        callOptions,
      )) as CallToolResult;
    },
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export interface SpawnedServer {
  client: Client;
  /** Calls a tool and returns the raw result, error envelopes included. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Closes the client, which ends the server process. */
  close(): Promise<void>;
  /** What the server wrote to stderr so far (its logs), for assertions and failure messages. */
  stderr(): string;
}

/**
 * Spawns a built bin over stdio, exactly as `npx` runs it, and connects a real MCP client. The
 * child gets only PATH and `env`, so nothing from the test's environment leaks in.
 */
export async function spawnStdio(
  bin: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "agent-mesh-smoke", version: "0.0.0" });
  try {
    await client.connect(transport);
  } catch (err) {
    await transport.close().catch(() => {});
    throw new Error(`${bin} did not start an MCP session: ${String(err)}\n${stderr}`);
  }
  return {
    client,
    call: (name, args = {}) =>
      client.request(
        { method: "tools/call", params: { name, arguments: args } },
        CallToolResultSchema,
      ),
    close: () => client.close(),
    stderr: () => stderr,
  };
}

/** The structuredContent of a successful result; throws with the envelope when it failed. */
export function structured<T = Record<string, unknown>>(result: {
  isError?: boolean;
  structuredContent?: unknown;
  content?: unknown;
}): T {
  if (result.isError) {
    throw new Error(
      `expected a successful result, got ${JSON.stringify(result.content ?? result.structuredContent)}`,
    );
  }
  return result.structuredContent as T;
}

/**
 * Checks that a result is the standard error envelope with `code` (when given) and returns it;
 * throws a readable error otherwise, so a test fails with what it got.
 */
export function expectEnvelope(
  result: { isError?: boolean; structuredContent?: unknown; content?: unknown },
  code?: ErrorCode,
): ErrorEnvelope {
  const envelope = readEnvelope(result);
  if (!envelope) {
    throw new Error(
      `expected an error envelope${code ? ` with code ${code}` : ""}, got ${JSON.stringify(result)}`,
    );
  }
  if (code !== undefined && envelope.code !== code) {
    throw new Error(`expected code ${code}, got ${envelope.code}: ${envelope.message}`);
  }
  return envelope;
}

/** A server process spoken to line by line, below any SDK: for tests of malformed input. */
export interface RawStdio {
  /** Writes one line: a string as given, anything else as JSON. */
  send(message: unknown): void;
  /** The next answer with this id (null for parse errors) not taken yet. */
  answerTo(id: string | number | null, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly pid: number | undefined;
  close(): void;
}

/**
 * Spawns `command args` and initializes an MCP session over raw stdio lines, so a test can send
 * what no SDK client would (unparseable lines, bad params) and read exactly what comes back.
 */
export async function rawStdio(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<RawStdio> {
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.resume();
  const answers: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    answers.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const raw: RawStdio = {
    send: (message) =>
      void child.stdin.write(
        `${typeof message === "string" ? message : JSON.stringify(message)}\n`,
      ),
    async answerTo(id, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = answers.findIndex((message) => (message.id ?? null) === id);
        if (index !== -1) return answers.splice(index, 1)[0]!;
        if (Date.now() > deadline) throw new Error(`no answer to ${JSON.stringify(id)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 1_000).unref();
        });
      }
    },
    pid: child.pid,
    close: () => void child.stdin.end(),
  };
  raw.send({
    jsonrpc: "2.0",
    id: "init",
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "t", version: "1" },
    },
  });
  await raw.answerTo("init");
  raw.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return raw;
}
