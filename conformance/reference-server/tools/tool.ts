import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * A tool as data: its listing, with the JSON Schema the suite specifies verbatim (some scenarios
 * check keywords a schema library would rewrite), and what a call does.
 */
export interface ReferenceTool extends Tool {
  run(args: Record<string, unknown>, extra: Extra): CallToolResult | Promise<CallToolResult>;
}

/** An input schema for tools that take no arguments. */
export const NO_ARGUMENTS = { type: "object" as const, properties: {} };

/** An input schema of required string arguments, each with its description. */
export function stringArguments(described: Record<string, string>): Tool["inputSchema"] {
  return {
    type: "object",
    properties: Object.fromEntries(
      Object.entries(described).map(([name, description]) => [
        name,
        { type: "string", description },
      ]),
    ),
    required: Object.keys(described),
  };
}

export function text(value: string): CallToolResult {
  return { content: [{ type: "text", text: value }] };
}
