import { RELATED_CALL_META } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DownstreamUnavailable } from "../downstream/downstream.js";
import { isThirdParty } from "../downstream/types.js";
import { anyResult } from "../proxy/any-result.js";
import { envelopeResult } from "../proxy/envelope.js";
import { asProtocolError } from "../proxy/protocol-error.js";
import type { CallContext, Progress } from "./context.js";
import type { InFlightCalls } from "./in-flight.js";
import { markUntrusted } from "./untrusted-result.js";

/**
 * The last step: the call on its downstream, arguments and `_meta` as given (plus the call's id
 * for agent-mesh platforms, which route their elicitation back with it), progress relayed in order and all of it before the result. A
 * down server is an envelope at once; the downstream's results and errors pass through unchanged,
 * except that an untrusted third-party server's results are marked as such.
 */
export function callDownstream(
  flights: InFlightCalls,
  untrusted: (downstream: CallContext["downstream"]) => boolean = () => false,
) {
  return async (ctx: CallContext): Promise<CallToolResult> => {
    const { downstream, entry, request } = ctx;
    const { progressToken: _relayed, ...meta } = request.meta ?? {};
    // agent-mesh platforms echo the call's id on elicitation, and the mesh's own downstream
    // looks its caller up by it; others get _meta as it was given.
    if (!isThirdParty(downstream.spec.kind)) meta[RELATED_CALL_META] = ctx.id;
    if (ctx.downstreamMeta) Object.assign(meta, ctx.downstreamMeta);
    let relayed = Promise.resolve();
    const onProgress = request.onProgress;
    const relay = onProgress
      ? (progress: Progress) => {
          relayed = relayed.then(() => onProgress(progress)).catch(() => {});
        }
      : undefined;
    try {
      const flight = { downstream, answers: request.clientRequests, caller: ctx.caller };
      const result = await flights.run(ctx.id, flight, () =>
        downstream.callTool(
          {
            name: entry.original,
            arguments: ctx.arguments,
            ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}),
          },
          anyResult,
          {
            signal: ctx.signal,
            // Set by the timeout stage; the SDK cancels the call downstream when it runs out.
            timeout: ctx.timeoutMs,
            ...(relay ? { onprogress: relay } : {}),
          },
        ),
      );
      await relayed;
      return untrusted(downstream) ? markUntrusted(result, downstream.name) : result;
    } catch (err) {
      if (err instanceof DownstreamUnavailable) {
        return envelopeResult(downstream.name, ctx.name, "upstream_unavailable", err.message, {
          state: downstream.state,
        });
      }
      if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
      throw asProtocolError(err);
    }
  };
}
