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
    const expired = new AbortController();
    const timer = setTimeout(() => expired.abort(new CallTimedOut()), timeout);
    timer.unref();
    ctx.signal = AbortSignal.any([ctx.signal, expired.signal]);
    try {
      return await next();
    } catch (err) {
      if (!expired.signal.aborted || ctx.request.signal?.aborted) throw err;
      return envelopeResult(
        server,
        ctx.name,
        "timeout",
        `${ctx.name} did not finish within ${formatDuration(timeout)} and was cancelled. If it legitimately takes longer, raise \`timeout\` or \`tool_timeouts.${original}\` for ${server} in mesh.yaml.`,
        { timeout_ms: timeout },
      );
    } finally {
      clearTimeout(timer);
    }
  };
}

class CallTimedOut extends Error {
  constructor() {
    super("the call's timeout ran out");
    this.name = "TimeoutError";
  }
}
