import type { AddressInfo } from "node:net";
import { serve as listen } from "@hono/node-server";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { parseServeArgs } from "./cli-args.js";
import { helpText } from "./help.js";
import { loopbackAllowList } from "./http/host-origin.js";
import { createMcpApp } from "./http/mcp-app.js";
import type { PlatformDefinition } from "./platform.js";
import { createRuntime } from "./runtime.js";
import { createServer } from "./server.js";
import type { Settings } from "./settings.js";

export interface ServeOptions {
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** Longest wait for in-flight calls on shutdown (default 10 s). */
  drainTimeoutMs?: number;
}

const LOOPBACK = "127.0.0.1";

/**
 * Entry point of every platform bin: stdio by default, `--http <port>` for Streamable HTTP on
 * 127.0.0.1. Shuts down cleanly on SIGINT/SIGTERM (and on stdin closing, for stdio) after
 * in-flight calls finish.
 */
export async function serve<S extends Settings, C>(
  platform: PlatformDefinition<S, C>,
  options: ServeOptions = {},
): Promise<void> {
  const env = options.env ?? process.env;
  const command = parseServeArgs(options.argv ?? process.argv.slice(2));
  if (command.kind === "error") {
    process.stderr.write(`mcp-${platform.name}: ${command.message}\nRun with --help for usage.\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") return void process.stdout.write(helpText(platform));
  if (command.kind === "version") return void process.stdout.write(`${platform.version}\n`);

  const runtime = createRuntime(platform, {
    env,
    confirmations: env.AGENT_MESH_CONFIRMATIONS !== "off",
  });
  for (const problem of runtime.configProblems) {
    runtime.logger.warn(`not configured: ${problem.message}; tools will answer not_configured`);
  }
  const closers: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info(`shutting down (${reason})`, { inFlight: runtime.inFlight });
    const drained = await Promise.race([
      runtime.idle().then(() => true),
      delay(options.drainTimeoutMs ?? 10_000).then(() => false),
    ]);
    if (!drained)
      runtime.logger.warn("gave up waiting for in-flight calls", { inFlight: runtime.inFlight });
    await Promise.allSettled(closers.map((close) => close()));
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  if (command.kind === "stdio") {
    const server = createServer(platform, { runtime });
    closers.push(() => server.close());
    process.stdin.once("end", () => void shutdown("stdin closed"));
    await server.connect(new StdioServerTransport());
    return;
  }

  let port = command.port;
  const mcp = createMcpApp({
    createServer: () => createServer(platform, { runtime }),
    guard: () => loopbackAllowList(port),
    health: () => ({
      platform: platform.name,
      configured: runtime.configProblems.length === 0,
      inFlight: runtime.inFlight,
    }),
  });
  const http = listen(
    { fetch: mcp.app.fetch, port: command.port, hostname: LOOPBACK },
    (info: AddressInfo) => {
      port = info.port;
      const url = `http://${LOOPBACK}:${port}/mcp`;
      process.stderr.write(
        `mcp-${platform.name} listening on ${url}\nConnect Claude Code: claude mcp add --transport http ${platform.name} ${url}\n`,
      );
    },
  );
  http.once("error", (err: NodeJS.ErrnoException) => {
    const hint =
      err.code === "EADDRINUSE"
        ? `port ${command.port} is in use; pick another with --http <port>`
        : err.message;
    process.stderr.write(`mcp-${platform.name}: cannot listen: ${hint}\n`);
    process.exit(1);
  });
  closers.push(
    () => mcp.close(),
    () => new Promise((resolve) => http.close(resolve)),
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
