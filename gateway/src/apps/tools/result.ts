import { errorResult, PlatformError } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { PendingApproval } from "../../approvals/store.js";

/** A result with its structured content and a short text copy for hosts without MCP Apps. */
export function result(text: string, value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: value };
}

export function refused(
  tool: string,
  code: "permission_denied" | "invalid_request" | "conflict",
  message: string,
): CallToolResult {
  return errorResult("mesh", tool, new PlatformError(code, message));
}

/** An approval as the tools show it (without its fingerprint, which only the stage needs). */
export function shown(record: PendingApproval): Record<string, unknown> {
  const { fingerprint: _fingerprint, ...rest } = record;
  return rest;
}

export const APPROVAL_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "string" },
    status: { type: "string", enum: ["pending", "approved", "denied"] },
    caller: { type: "string" },
    tool: { type: "string" },
    downstream: { type: "string" },
    args: {},
    what: { type: "string" },
    created_at: { type: "string" },
    expires_at: { type: "string" },
    by: { type: "string" },
    reason: { type: "string" },
  },
  required: ["id", "status", "caller", "tool", "downstream", "what", "created_at", "expires_at"],
} as const;
