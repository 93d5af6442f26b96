import type { Logger } from "@agent-mesh/core";
import type { MeshMetrics } from "../metrics/index.js";
import type { Stage } from "./context.js";
import { type Outcome, outcomeOf } from "./outcome.js";

/**
 * Measures every call and logs one line for it (tool, caller, outcome, duration; never its
 * arguments), so a person watching the gateway sees the mesh working.
 */
export function measure(metrics: MeshMetrics, logger: Logger): Stage {
  return async (ctx, next) => {
    let outcome: Outcome = "protocol_error";
    try {
      const result = await next();
      outcome = outcomeOf(result);
      return result;
    } catch (err) {
      if (ctx.request.signal?.aborted) outcome = "cancelled";
      throw err;
    } finally {
      const seconds = (performance.now() - ctx.startedAt) / 1000;
      metrics.observe({
        tool: ctx.name,
        downstream: ctx.downstream.name,
        client: ctx.caller.id,
        outcome,
        seconds,
      });
      logger.info(`call ${ctx.name}`, {
        caller: ctx.caller.id,
        outcome,
        ms: Math.round(seconds * 10_000) / 10,
      });
    }
  };
}
