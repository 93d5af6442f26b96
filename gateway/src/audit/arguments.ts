import { createHash } from "node:crypto";
import { inputProblem, type Redactor, redactPaths, sensitivePaths } from "@agent-mesh/core";
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
  const problem = inputProblem(args);
  if (problem) {
    // Hostile input (too deep, broken Unicode): kept as its digest, never walked.
    const raw = JSON.stringify(args) ?? "";
    return { sha256: digest(raw), bytes: Buffer.byteLength(raw), problem: redactor.text(problem) };
  }
  const masked = redactor.value(redactPaths(args, sensitivePaths(tool.inputSchema)));
  const text = JSON.stringify(masked);
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return masked;
  return { sha256: digest(text), bytes };
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
