import type { Caller } from "./caller.js";
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
  /** Logs with the platform's secrets and this call's sensitive inputs scrubbed. */
  log: Logger;
  /**
   * For tools with `idempotent: true`: the key that names this action, the caller's
   * `idempotency_key` or, without one, a stable hash of platform, tool and arguments. Forward it
   * as the provider's own idempotency mechanism where it has one (Stripe's `Idempotency-Key`
   * header), so a retry that reaches the provider twice still acts once. Undefined otherwise.
   */
  idempotencyKey?: string | undefined;
  /**
   * Where idempotencyKey came from. A derived key stands for "these exact arguments": forward it
   * only where the provider forgets keys about as fast as core does (60 s), or where acting once
   * per identical arguments is what the provider wants anyway.
   */
  idempotencyKeySource?: "caller" | "derived" | undefined;
  /** Who is calling, when known (the gateway passes it; a standalone server does not). */
  caller?: Caller | undefined;
}
