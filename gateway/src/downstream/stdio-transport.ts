import { type ChildProcess, spawn } from "node:child_process";
import { JsonLines, serializeLine } from "@agent-mesh/core/node";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { signalGroup, trackGroup } from "./process-group.js";

export interface StdioSpawnOptions {
  command: string;
  args: string[];
  /** Added to a minimal inherited environment (PATH, HOME, ...), never the gateway's secrets. */
  env: Record<string, string>;
  cwd?: string | undefined;
  /** Each line the child writes to stderr. */
  onStderr?: (line: string) => void;
  /** Grace period between each step of stopping: stdin closed, SIGTERM, SIGKILL. */
  stopGraceMs?: number;
}

/**
 * The client side of a stdio MCP server, like the SDK's StdioClientTransport but with the child
 * in its own process group, so stopping it stops everything it started.
 */
export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly lines = new JsonLines(
    (message) => this.onmessage?.(message),
    // A line that is not JSON-RPC (a stray console.log): report it and keep reading.
    (error) =>
      this.onerror?.(
        new Error(`the server wrote something that is not JSON-RPC: ${error.message}`),
      ),
  );
  private stderrTail = "";
  private closed = false;
  /** Lines waiting for the next write to stdin, with their senders. */
  private pending: Array<{ line: string; resolve: () => void; reject: (err: Error) => void }> = [];

  constructor(private readonly options: StdioSpawnOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    const { command, args, env, cwd } = this.options;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd,
        env: { ...getDefaultEnvironment(), ...env },
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
        windowsHide: true,
      });
      this.child = child;
      child.once("error", (err) => {
        const error = new Error(`cannot start \`${command}\`: ${err.message}`, { cause: err });
        reject(error);
        this.onerror?.(error);
        this.finish();
      });
      child.once("spawn", () => {
        trackGroup(child);
        resolve();
      });
      child.once("close", () => this.finish());
      child.stdin?.on("error", (err) => this.onerror?.(err));
      child.stdout?.on("data", (chunk: Buffer) => this.lines.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => this.readStderr(chunk));
    });
  }

  /**
   * Queues the message's line; every line queued before the event loop's next check phase goes
   * to the child's stdin in one write (one syscall, not one per call, when many calls are in
   * flight). Resolves when that write has been handed to the pipe.
   */
  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closed) {
      return Promise.reject(new Error("the server process is not running"));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: serializeLine(message), resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const stdin = this.child?.stdin;
    if (!stdin || this.closed || stdin.destroyed) {
      const error = new Error("the server process is not running");
      for (const entry of batch) entry.reject(error);
      return;
    }
    const text = batch.map((entry) => entry.line).join("");
    stdin.write(text, (err) => {
      for (const entry of batch) {
        if (err) entry.reject(err);
        else entry.resolve();
      }
    });
  }

  /** Closes stdin, then SIGTERM, then SIGKILL to the whole group, a grace period apart. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      this.finish();
      return;
    }
    const grace = this.options.stopGraceMs ?? 2000;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    if (!(await within(exited, grace))) {
      signalGroup(child.pid, "SIGTERM");
      if (!(await within(exited, grace))) signalGroup(child.pid, "SIGKILL");
    }
    await within(exited, grace);
    this.finish();
  }

  private readStderr(chunk: Buffer): void {
    const text = this.stderrTail + chunk.toString("utf8");
    const lines = text.split("\n");
    this.stderrTail = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) this.options.onStderr?.(line);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stderrTail.trim()) this.options.onStderr?.(this.stderrTail);
    this.onclose?.();
  }
}

function within(promise: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
  ]);
}
