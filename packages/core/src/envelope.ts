import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_CODES, type ErrorEnvelope, type PlatformError, toEnvelope } from "./errors.js";

/**
 * The one way a failure becomes a tool result: the envelope as JSON text (for clients that read
 * text) and as structuredContent, with isError set. Platform servers and the gateway both use it.
 */
export function envelopeResult(envelope: ErrorEnvelope): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(envelope) }],
    structuredContent: envelope as unknown as Record<string, unknown>,
    isError: true,
  };
}

/** A PlatformError met by `operation` on `platform`, as a tool result. */
export function errorResult(
  platform: string,
  operation: string,
  error: PlatformError,
): CallToolResult {
  return envelopeResult(toEnvelope(platform, operation, error));
}

/** The envelope in a tool result, or undefined when the result is not one (success, foreign error). */
export function readEnvelope(result: {
  isError?: boolean;
  structuredContent?: unknown;
}): ErrorEnvelope | undefined {
  const content = result.structuredContent as Partial<ErrorEnvelope> | undefined;
  if (!result.isError || content?.error !== "PlatformError") return undefined;
  if (!(ERROR_CODES as readonly string[]).includes(content.code as string)) return undefined;
  return content as ErrorEnvelope;
}
