import { UNTRUSTED_NOTICE } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** The `_meta` key on a result whose content comes from an untrusted third-party server. */
export const UNTRUSTED_META = "io.agent-mesh/untrusted";

/**
 * Marks a third-party result as untrusted data, the way first-party tools mark what third parties
 * wrote: a closing notice the model reads with the content, and `_meta` for clients. The content
 * and structuredContent are left as they are, so the tool's output schema still holds.
 */
export function markUntrusted(result: CallToolResult, server: string): CallToolResult {
  if (result.isError) return result;
  return {
    ...result,
    content: [
      ...(result.content ?? []),
      { type: "text", text: `${UNTRUSTED_NOTICE} (from the third-party server ${server})` },
    ],
    _meta: { ...result._meta, [UNTRUSTED_META]: true },
  };
}
