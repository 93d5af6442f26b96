import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventually } from "./helpers.js";

/** The built CLI, as a container or a service manager runs it. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

/** One `agent-mesh start` process serving HTTP on a free port. */
export interface GatewayProcess {
  /** http://127.0.0.1:<port>/mcp */
  url: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  process: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
  /**
   * SIGKILL to its whole process group (a crash: nothing runs on the way out), then waits for it
   * to exit. Needs `ownGroup` at start.
   */
  kill(): Promise<void>;
}

/** Starts `agent-mesh start --config <config>` and waits (by its log lines) until it serves. */
export async function startGatewayProcess(
  config: string,
  env: Record<string, string | undefined>,
  timeoutMs = 180_000,
  options: { ownGroup?: boolean } = {},
): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [BIN, "start", "--config", config, "--port", "0", "--no-watch"],
    {
      env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error", ...env },
      // Its own process group, so a kill reaches everything it started, as a crash would.
      ...(options.ownGroup ? { detached: true } : {}),
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const kill = async () => {
    if (!options.ownGroup)
      throw new Error("kill() needs startGatewayProcess(..., { ownGroup: true })");
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    await exited;
  };
  try {
    const url = await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`the gateway exited: ${stderr}`);
        return /listening on (\S+\/mcp)/.exec(stderr)?.[1];
      },
      timeoutMs,
      `the listening line (stderr so far: ${stderr})`,
    );
    await eventually(() => stderr.includes("tools ready"), timeoutMs, "the ready line");
    return { url, origin: new URL(url).origin, process: child, stderr: () => stderr, stop, kill };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A fetch that sends each request to the next replica in turn, whatever URL it was given: a
 * round-robin load balancer without stickiness, in front of `origins`.
 */
export function roundRobinFetch(origins: string[]): {
  fetch: typeof fetch;
  /** The origin each request went to, in order. */
  sent: string[];
} {
  let next = 0;
  const sent: string[] = [];
  const rotating = (input: string | URL | Request, init?: RequestInit) => {
    const origin = origins[next++ % origins.length]!;
    const original = new URL(input instanceof Request ? input.url : String(input));
    const url = new URL(original.pathname + original.search, origin);
    sent.push(origin);
    return fetch(url, init);
  };
  return { fetch: rotating as typeof fetch, sent };
}
