import { ProtocolError, quote } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { formatDuration } from "../config/duration.js";
import { DownstreamUnavailable } from "../downstream/downstream.js";
import type { Mesh } from "../mesh.js";
import { anyResult } from "./any-result.js";
import { envelopeResult } from "./envelope.js";
import { FIRST_LIST_WAIT_MS } from "./list-wait.js";
import type { Extra, Session } from "./session.js";

/**
 * Calls a tool on its downstream: arguments and _meta as given, progress relayed, the caller's
 * cancellation and the tool's timeout both cancel it downstream. A down server or a timeout is
 * an envelope at once; the downstream's own results and errors pass through unchanged.
 */
export async function forwardToolCall(
  mesh: Mesh,
  session: Session,
  name: string,
  args: Record<string, unknown>,
  extra: Extra,
  meta?: Record<string, unknown>,
): Promise<CallToolResult> {
  let entry = mesh.catalog.tools.get(name);
  if (!entry && mesh.starting) {
    // A client may call a tool it remembers before a just-started server has listed it.
    await mesh.settled(FIRST_LIST_WAIT_MS);
    entry = mesh.catalog.tools.get(name);
  }
  if (!entry) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown tool: ${quote(name)}. List the tools again: the mesh may have changed.`,
    );
  }
  const { downstream, original } = entry;
  const timeout = downstream.spec.toolTimeoutsMs[original] ?? downstream.spec.timeoutMs;
  const progressToken = extra._meta?.progressToken;
  const { progressToken: _dropped, ...forwardedMeta } = meta ?? extra._meta ?? {};
  // Progress is relayed in order, and all of it before the result: a client drops progress
  // that arrives after the response.
  let relayed = Promise.resolve();
  const relay = (progress: { progress: number; total?: number; message?: string }) => {
    relayed = relayed.then(() =>
      extra
        .sendNotification({
          method: "notifications/progress",
          params: { ...progress, progressToken: progressToken! },
        })
        .catch(() => {}),
    );
  };
  try {
    const result = await session.track(downstream, extra, () =>
      downstream.request<CallToolResult>(
        {
          method: "tools/call",
          params: {
            name: original,
            arguments: args,
            ...(Object.keys(forwardedMeta).length > 0 ? { _meta: forwardedMeta } : {}),
          },
        },
        anyResult,
        {
          signal: extra.signal,
          timeout,
          maxTotalTimeout: timeout,
          ...(progressToken === undefined ? {} : { onprogress: relay }),
        },
      ),
    );
    await relayed;
    return result;
  } catch (err) {
    if (err instanceof DownstreamUnavailable) {
      return envelopeResult(downstream.name, name, "upstream_unavailable", err.message, {
        state: downstream.state,
      });
    }
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout && !extra.signal.aborted) {
      return envelopeResult(
        downstream.name,
        name,
        "timeout",
        `${name} did not finish within ${formatDuration(timeout)} and was cancelled. If it legitimately takes longer, raise \`timeout\` or \`tool_timeouts.${original}\` for ${downstream.name} in mesh.yaml.`,
        { timeout_ms: timeout },
      );
    }
    throw asProtocolError(err);
  }
}

/** Errors of non-tool requests (reads, prompts): the downstream's own errors pass through. */
export function asProtocolError(err: unknown): McpError {
  // A downstream's error passes through once: its code and data, its message without the
  // "MCP error <code>:" prefixes each SDK hop added.
  if (err instanceof McpError) return ProtocolError.from(err);
  if (err instanceof DownstreamUnavailable)
    return new McpError(ErrorCode.InternalError, err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new McpError(
    ErrorCode.InternalError,
    `the gateway could not forward the request: ${message}`,
  );
}
