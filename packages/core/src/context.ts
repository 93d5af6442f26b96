import type { Logger } from "./logger.js";

/** What a tool's `run` receives besides its input. */
export interface ToolContext<C = unknown> {
  /** The platform's SDK client, created once from validated configuration. */
  client: C;
  platform: string;
  tool: string;
  /** Aborted when the caller cancels the request or the server shuts down. */
  signal: AbortSignal;
  /** Reports progress to the client when it asked for it; a no-op otherwise. */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  log: Logger;
}
