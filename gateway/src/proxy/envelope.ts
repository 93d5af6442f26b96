import { type ErrorCode, errorResult, PlatformError } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** A tool failure the gateway itself reports, built by core's one envelope builder. */
export function envelopeResult(
  source: string,
  tool: string,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): CallToolResult {
  return errorResult(source, tool, new PlatformError(code, message, { details }));
}
