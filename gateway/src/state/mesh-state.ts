import type { SharedState } from "@agent-mesh/core";

/** How the state is doing, for /health: a Redis that cannot be reached says so here. */
export interface StateHealth {
  kind: "memory" | "redis";
  ok: boolean;
  /** Why not ok (the last connection error), never a credential. */
  error?: string;
  /** Where it is (a Redis URL without its password). */
  target?: string;
}

/**
 * What the gateway's replicas share: core's values with a TTL and atomic claims, plus counters
 * (rate limits) and publish/subscribe (telling every replica that something changed).
 */
export interface MeshState extends SharedState {
  /** Adds `by` to a counter and returns its new value; a new counter expires after `ttlMs`. */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` for each message on `channel` from any replica; returns the unsubscribe. */
  subscribe(channel: string, handler: (message: string) => void): () => void;
  health(): StateHealth;
  close(): Promise<void>;
}
