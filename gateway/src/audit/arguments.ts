import { createHash } from "node:crypto";
import { type Redactor, redactPaths, sensitivePaths } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/**
 * A call's arguments as the audit log may keep them: sensitive fields (writeOnly in the tool's
 * schema, core's `sensitive()`) masked, known secrets scrubbed, and large ones reduced to their
 * hash and size.
 */
export function auditArguments(
  tool: Tool,
  args: Record<string, unknown>,
  redactor: Redactor,
  maxBytes: number,
): unknown {
  const masked = redactor.value(redactPaths(args, sensitivePaths(tool.inputSchema)));
  const text = JSON.stringify(masked);
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return masked;
  return { sha256: createHash("sha256").update(text).digest("hex"), bytes };
}
