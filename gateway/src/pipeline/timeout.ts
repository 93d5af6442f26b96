import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { formatDuration } from "../config/duration.js";
import { envelopeResult } from "../proxy/envelope.js";
import type { Stage } from "./context.js";

/**
 * Bounds every call by its timeout (per tool, else per downstream, else the gateway's). The
 * downstream request carries it (`ctx.timeoutMs`): when it runs out the SDK cancels the call
 * downstream (notifications/cancelled) and the caller gets a `timeout` envelope saying which
 * setting to raise. The SDK already keeps one timer per request, so the stage adds none: no
 * controller, listener or timer per call.
 */
export function enforceTimeout(): Stage {
  return async (ctx, next) => {
    const { spec, name: server } = ctx.downstream;
    const original = ctx.entry.original;
    const timeout = spec.toolTimeoutsMs[original] ?? spec.timeoutMs;
    ctx.timeoutMs = timeout;
    try {
      return await next();
    } catch (err) {
      if (!ranOut(err, timeout) || ctx.signal.aborted) throw err;
      return envelopeResult(
        server,
        ctx.name,
        "timeout",
        `${ctx.name} did not finish within ${formatDuration(timeout)} and was cancelled. If it legitimately takes longer, raise \`timeout\` or \`tool_timeouts.${original}\` for ${server} in mesh.yaml.`,
        { timeout_ms: timeout },
      );
    }
  };
}

/** The SDK's own "Request timed out" for this timeout, not a downstream's -32001 error. */
function ranOut(err: unknown, timeout: number): boolean {
  if (!(err instanceof McpError) || err.code !== ErrorCode.RequestTimeout) return false;
  const data = err.data as { timeout?: unknown } | undefined;
  return data?.timeout === timeout;
}
