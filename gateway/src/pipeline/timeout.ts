import { formatDuration } from "../config/duration.js";
import { envelopeResult } from "../proxy/envelope.js";
import type { Stage } from "./context.js";

/**
 * Bounds every call by its timeout (per tool, else per downstream, else the gateway's). When it
 * runs out the call is cancelled downstream (the SDK sends notifications/cancelled when the
 * signal aborts) and the caller gets a `timeout` envelope saying which setting to raise.
 */
export function enforceTimeout(): Stage {
  return async (ctx, next) => {
    const { spec, name: server } = ctx.downstream;
    const original = ctx.entry.original;
    const timeout = spec.toolTimeoutsMs[original] ?? spec.timeoutMs;
    ctx.timeoutMs = timeout;
    // One controller per call, aborted by the caller's signal or the timer. (AbortSignal.any
    // keeps every combined signal alive as long as its sources: measurably slower and larger.)
    const outer = ctx.signal;
    const controller = new AbortController();
    let timedOut = false;
    const cancel = () => controller.abort(outer.reason);
    if (outer.aborted) cancel();
    else outer.addEventListener("abort", cancel, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new CallTimedOut());
    }, timeout);
    timer.unref();
    ctx.signal = controller.signal;
    try {
      return await next();
    } catch (err) {
      if (!timedOut || ctx.request.signal?.aborted) throw err;
      return envelopeResult(
        server,
        ctx.name,
        "timeout",
        `${ctx.name} did not finish within ${formatDuration(timeout)} and was cancelled. If it legitimately takes longer, raise \`timeout\` or \`tool_timeouts.${original}\` for ${server} in mesh.yaml.`,
        { timeout_ms: timeout },
      );
    } finally {
      clearTimeout(timer);
      outer.removeEventListener("abort", cancel);
    }
  };
}

class CallTimedOut extends Error {
  constructor() {
    super("the call's timeout ran out");
    this.name = "TimeoutError";
  }
}
