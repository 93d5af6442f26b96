import { type ErrorCode, PlatformError, toEnvelope } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** A tool failure the gateway itself reports, in the same envelope every platform uses. */
export function envelopeResult(
  source: string,
  tool: string,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): CallToolResult {
  const envelope = toEnvelope(source, tool, new PlatformError(code, message, { details }));
  return {
    content: [{ type: "text", text: JSON.stringify(envelope) }],
    structuredContent: envelope as unknown as Record<string, unknown>,
    isError: true,
  };
}
