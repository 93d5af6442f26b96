import type { Progress } from "../pipeline/context.js";
import type { ApprovalStore, PendingApproval } from "./store.js";

/** How often a waiting call looks at the request itself, and reports progress. */
const LOOK_MS = 2_000;
const PROGRESS_MS = 5_000;

export interface WaitOptions {
  /** Longest wait. */
  ms: number;
  /** The caller cancelled: stop waiting. */
  signal?: AbortSignal;
  /** Progress notifications to the client, when it gave a progressToken. */
  onProgress?: (progress: Progress) => void | Promise<void>;
  /** The progress message. */
  message: string;
}

/**
 * Waits for an operator's decision on request `id`: released at once by the decision's message
 * on the shared state's publish/subscribe (Redis across replicas), and by a look at the request
 * every few seconds in case a message was lost. Undefined when nobody decided within `ms`, the
 * request expired, or the caller cancelled.
 */
export async function waitForDecision(
  store: ApprovalStore,
  id: string,
  options: WaitOptions,
): Promise<PendingApproval | undefined> {
  const started = Date.now();
  const deadline = started + options.ms;
  let woken = false;
  let wake = () => {
    woken = true;
  };
  const unsubscribe = store.onDecided(id, () => wake());
  const onAbort = () => wake();
  options.signal?.addEventListener("abort", onAbort);
  let lastProgress = 0;
  try {
    for (;;) {
      const record = await store.get(id);
      if (!record) return undefined;
      if (record.status !== "pending") return record;
      const now = Date.now();
      if (now >= deadline || options.signal?.aborted) return undefined;
      if (options.onProgress && (lastProgress === 0 || now - lastProgress >= PROGRESS_MS)) {
        lastProgress = now;
        await options.onProgress({
          progress: Math.round((now - started) / 1000),
          total: Math.round(options.ms / 1000),
          message: options.message,
        });
      }
      const sleep = Math.min(LOOK_MS, deadline - now, options.onProgress ? PROGRESS_MS : LOOK_MS);
      if (woken) {
        woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, sleep);
        function done() {
          clearTimeout(timer);
          wake = () => {
            woken = true;
          };
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    unsubscribe();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
