import { createHash } from "node:crypto";
import { stableStringify } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** The pin of a tool: SHA-256 of its name, description, input schema and annotations. */
export function toolPin(tool: Tool): string {
  const { name, description, inputSchema, annotations } = tool;
  return createHash("sha256")
    .update(stableStringify({ name, description, inputSchema, annotations }))
    .digest("hex");
}
