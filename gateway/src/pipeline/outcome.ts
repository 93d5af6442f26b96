import { ERROR_CODES, type ErrorCode } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** How a call ended, for metrics and logs: "ok", an envelope code, or "error"/"protocol_error". */
export type Outcome = "ok" | ErrorCode | "error" | "protocol_error" | "cancelled";

export function outcomeOf(result: CallToolResult): Outcome {
  if (!result.isError) return "ok";
  return envelopeCode(result) ?? "error";
}

/** The envelope's code, from structuredContent or the JSON text an error result carries. */
export function envelopeCode(result: CallToolResult): ErrorCode | undefined {
  const structured = result.structuredContent as { code?: unknown } | undefined;
  if (isCode(structured?.code)) return structured.code;
  for (const content of result.content ?? []) {
    if (content.type !== "text" || !content.text.startsWith("{")) continue;
    try {
      const code = (JSON.parse(content.text) as { code?: unknown }).code;
      if (isCode(code)) return code;
    } catch {
      // Not an envelope: a third-party error text.
    }
  }
  return undefined;
}

function isCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
