import type { Stage } from "../pipeline/context.js";
import { usageOf } from "./meters.js";

/**
 * Reads what a successful first-party call used from its structured result (the declared meters),
 * for the audit record that the cost report prices. Third-party tools are counted, not metered.
 */
export function meter(): Stage {
  return async (ctx, next) => {
    const result = await next();
    if (!result.isError && ctx.downstream.spec.kind === "platform") {
      const usage = usageOf(ctx.entry.original, result.structuredContent);
      if (usage.length > 0) ctx.usage = usage;
    }
    return result;
  };
}
