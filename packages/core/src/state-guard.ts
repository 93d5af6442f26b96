import { PlatformError } from "./errors.js";
import type { SharedState } from "./state.js";

/**
 * The state as a call sees it: any failure of the store (Redis down, a timeout) becomes an
 * `upstream_unavailable` refusal that names shared state, never a bug and never a silent
 * fallback to this process's memory.
 */
export function guardState(state: SharedState): SharedState {
  const guard =
    <A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        throw stateUnavailable(op, err);
      }
    };
  return {
    get: guard("get", (key) => state.get(key)),
    set: guard("set", (key, value, ttlMs) => state.set(key, value, ttlMs)),
    claim: guard("claim", (key, value, ttlMs) => state.claim(key, value, ttlMs)),
    delete: guard("delete", (key) => state.delete(key)),
  };
}

export function stateUnavailable(op: string, err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new PlatformError(
    "upstream_unavailable",
    `The shared state (where idempotency records, in-flight calls and confirmations are kept) is unavailable, so nothing was done: ${reason}. Try again once it is back.`,
    { cause: err, details: { shared_state: "unavailable", operation: op } },
  );
}
