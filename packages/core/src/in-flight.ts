import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PlatformError } from "./errors.js";
import type { IdempotencyRecord, IdempotencyStore } from "./idempotency.js";
import type { Logger } from "./logger.js";
import type { SharedState } from "./state.js";

export interface RunOnceOptions {
  state: SharedState;
  store: IdempotencyStore;
  /** The call's idempotency key (given or derived), already scoped to platform and tool. */
  key: string;
  /** Hash of the arguments: a key reused for other arguments is a conflict. */
  fingerprint: string;
  /** How long a success is replayed. */
  recordTtlMs: number;
  /** How long a claim outlives its holder; the holder renews it while it runs. */
  claimTtlMs: number;
  signal?: AbortSignal | undefined;
  logger: Logger;
  run: () => Promise<CallToolResult>;
  replay: (record: IdempotencyRecord) => CallToolResult;
  conflict: () => CallToolResult;
}

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 500;

/**
 * Runs a keyed call at most once across every process sharing `state`: a finished success is
 * replayed; a call under way elsewhere is waited for (polling with backoff) and its result
 * returned; a holder that dies stops renewing its claim, which then expires so a retry may run.
 * Failures are not recorded, so a call that failed may be retried.
 */
export async function runOnce(options: RunOnceOptions): Promise<CallToolResult> {
  const { state, store, key, fingerprint, signal } = options;
  const claimKey = `inflight:${key}`;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const record = await store.get(key);
    if (record)
      return record.fingerprint === fingerprint ? options.replay(record) : options.conflict();
    if (await state.claim(claimKey, fingerprint, options.claimTtlMs)) {
      // The other run may have finished between our look and our claim.
      const late = await store.get(key);
      if (late) {
        await state.delete(claimKey);
        return late.fingerprint === fingerprint ? options.replay(late) : options.conflict();
      }
      return runClaimed(options, claimKey);
    }
    const holder = await state.get(claimKey);
    if (holder !== undefined && holder !== fingerprint) return options.conflict();
    await sleep(pause, signal);
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}

async function runClaimed(options: RunOnceOptions, claimKey: string): Promise<CallToolResult> {
  const { state, claimTtlMs, fingerprint, logger } = options;
  const renew = setInterval(
    () => {
      state.set(claimKey, fingerprint, claimTtlMs).catch((err: unknown) => {
        logger.warn("could not renew an in-flight claim", { key: claimKey, error: String(err) });
      });
    },
    Math.max(Math.floor(claimTtlMs / 3), 10),
  );
  renew.unref();
  try {
    const result = await options.run();
    if (!result.isError) {
      // The call has happened: a store that fails now must not turn its result into an error.
      await options.store
        .set(options.key, { fingerprint, result }, options.recordTtlMs)
        .catch((err: unknown) => {
          logger.error("could not record an idempotent result; a retry may run it again", {
            key: options.key,
            error: err instanceof Error ? err.message : String(err),
          });
        });
    }
    return result;
  } finally {
    clearInterval(renew);
    await state.delete(claimKey).catch(() => {});
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () =>
      new PlatformError(
        "timeout",
        "cancelled while waiting for the same call, still under way elsewhere, to finish",
      );
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
