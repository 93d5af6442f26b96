import { ProtocolError } from "@agent-mesh/core";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { DownstreamUnavailable } from "../downstream/downstream.js";

/** Errors of requests forwarded downstream: the downstream's own errors pass through. */
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
