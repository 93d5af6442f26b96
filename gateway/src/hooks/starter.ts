import type { Caller } from "@agent-mesh/core";

/** What a trigger asks of the workflow engine: start one run, at most once per key. */
export interface StartRequest {
  workflow: string;
  params: Record<string, unknown>;
  caller: Caller;
  /** The same key never starts a second run: a delivery retried by its platform starts one. */
  idempotencyKey: string;
}

/** The narrow seam between the webhook route and the workflow engine. */
export interface WorkflowStarter {
  /** Starts the run (or finds the one this key already started) and answers its id. */
  start(request: StartRequest): Promise<{ runId: string }>;
}
