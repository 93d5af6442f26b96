import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { ASKING_TOOLS } from "./asking.ts";
import { CONTENT_TOOLS } from "./content.ts";
import { NOTIFYING_TOOLS } from "./notifying.ts";
import type { ReferenceTool } from "./tool.ts";

export const TOOLS: ReferenceTool[] = [...CONTENT_TOOLS, ...NOTIFYING_TOOLS, ...ASKING_TOOLS];

/**
 * tools/list and tools/call on the low-level server: the listings go out exactly as written,
 * and a call missing a required argument is a protocol error (-32602), as the SDK does.
 */
export function registerTools(server: McpServer): void {
  const low = server.server;
  low.registerCapabilities({ tools: {} });
  low.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map(({ run: _run, ...listing }) => listing),
  }));
  low.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    const tool = TOOLS.find((candidate) => candidate.name === name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
    for (const key of tool.inputSchema.required ?? []) {
      if (typeof args[key] !== "string") {
        throw new McpError(
          ErrorCode.InvalidParams,
          `${name}: argument "${key}" (a string) is required`,
        );
      }
    }
    return tool.run(args, extra);
  });
}
