import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CallContext, Stage } from "./context.js";

/** Runs `stages` in order around `last`, each calling the next at most once. */
export function compose(
  stages: readonly Stage[],
  last: (ctx: CallContext) => Promise<CallToolResult>,
): (ctx: CallContext) => Promise<CallToolResult> {
  return (ctx) => {
    let reached = -1;
    const dispatch = (index: number): Promise<CallToolResult> => {
      if (index <= reached) return Promise.reject(new Error("a stage called next() twice"));
      reached = index;
      const stage = stages[index];
      return stage ? stage(ctx, () => dispatch(index + 1)) : last(ctx);
    };
    return dispatch(0);
  };
}
