import { type ErrorCode, readEnvelope } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** How a call ended, for metrics and logs: "ok", an envelope code, or "error"/"protocol_error". */
export type Outcome = "ok" | ErrorCode | "error" | "protocol_error" | "cancelled";

export function outcomeOf(result: CallToolResult): Outcome {
  if (!result.isError) return "ok";
  // A third-party error without our envelope is just "error".
  return readEnvelope(result)?.code ?? "error";
}
