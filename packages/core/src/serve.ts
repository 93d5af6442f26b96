import { parseServeArgs } from "./cli-args.js";
import { helpText } from "./help.js";
import { ListenError, listenMcpHttp } from "./http/listen.js";
import type { PlatformDefinition } from "./platform.js";
import { createRuntime } from "./runtime.js";
import { createServer } from "./server.js";
import type { Settings } from "./settings.js";
import { StdioServerTransport } from "./stdio-server-transport.js";

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

  try {
    const http = await listenMcpHttp({
      createServer: () => createServer(platform, { runtime }),
      host: LOOPBACK,
      port: command.port,
      health: () => ({
        platform: platform.name,
        configured: runtime.configProblems.length === 0,
        inFlight: runtime.inFlight,
      }),
    });
    closers.push(() => http.close());
    process.stderr.write(
      `mcp-${platform.name} listening on ${http.url}\nConnect Claude Code: claude mcp add --transport http ${platform.name} ${http.url}\n`,
    );
  } catch (err) {
    const hint =
      err instanceof ListenError && err.message.includes("in use")
        ? `port ${command.port} is in use; pick another with --http <port>`
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`mcp-${platform.name}: cannot listen: ${hint}\n`);
    process.exit(1);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
