import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_CODES, type ErrorEnvelope, type PlatformError, toEnvelope } from "./errors.js";

/**
 * The one way a failure becomes a tool result: the envelope as JSON text, with isError set, and
 * no structuredContent. Platform servers and the gateway both use it.
 *
 * Why no structuredContent: the MCP specification (2025-06-18 and 2025-11-25) says a tool that
 * declares an outputSchema MUST return structured content conforming to it, and our output
 * schemas describe success. Clients hold servers to that: the TypeScript SDK's `callTool` (and so
 * the MCP Inspector) validates structuredContent against the output schema even on an error, and
 * an envelope there became "-32602 Structured content does not match the tool's output schema",
 * losing the real message; the same SDK accepts an error result without structuredContent.
 * Widening every output schema to admit the envelope would make each success schema a union
 * that clients and models must untangle. Clients read error text anyway (Claude Code shows only
 * the text of an error), and the text is the envelope's JSON, so programs parse it from there.
 */
export function envelopeResult(envelope: ErrorEnvelope): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(envelope) }], isError: true };
}

/** A PlatformError met by `operation` on `platform`, as a tool result. */
export function errorResult(
  platform: string,
  operation: string,
  error: PlatformError,
): CallToolResult {
  return envelopeResult(toEnvelope(platform, operation, error));
}

/**
 * The envelope in a tool result, or undefined when the result is not one (success, foreign
 * error): from its JSON text, or from structuredContent where an older server put it.
 */
export function readEnvelope(result: {
  isError?: boolean;
  structuredContent?: unknown;
  content?: unknown;
}): ErrorEnvelope | undefined {
  if (!result.isError) return undefined;
  const candidates: unknown[] = [result.structuredContent];
  for (const item of Array.isArray(result.content) ? result.content : []) {
    const text = (item as { type?: string; text?: unknown }).text;
    if ((item as { type?: string }).type !== "text" || typeof text !== "string") continue;
    if (!text.startsWith("{")) continue;
    try {
      candidates.push(JSON.parse(text));
    } catch {
      // Plain text: not an envelope.
    }
  }
  return candidates.find(isEnvelope);
}

function isEnvelope(value: unknown): value is ErrorEnvelope {
  const envelope = value as Partial<ErrorEnvelope> | undefined;
  return (
    typeof envelope === "object" &&
    envelope !== null &&
    envelope.error === "PlatformError" &&
    (ERROR_CODES as readonly string[]).includes(envelope.code as string)
  );
}
