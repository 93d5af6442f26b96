import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { nearest } from "../config/suggest.js";
import type { CallRequest } from "../pipeline/context.js";
import { envelopeResult } from "./envelope.js";
import type { MeshApi } from "./mesh-api.js";
import { CALL_TOOL, DESCRIBE_TOOL, searchTools } from "./search-tools.js";

/** Answers the three meta-tools clients use in search mode; a call goes through the pipeline. */
export async function handleSearchModeCall(
  mesh: MeshApi,
  call: CallRequest,
): Promise<CallToolResult> {
  const { name } = call;
  const args = call.arguments ?? {};
  if (name === CALL_TOOL) {
    const target = args.name;
    const targetArgs = args.arguments ?? {};
    if (typeof target !== "string" || typeof targetArgs !== "object" || Array.isArray(targetArgs)) {
      return invalid(
        name,
        "give `name` (a tool from mesh_tool_search) and `arguments` (an object)",
      );
    }
    if (!mesh.catalog.tools.has(target)) return unknownTool(mesh, name, target, call.caller);
    return mesh.callTool({
      ...call,
      name: target,
      arguments: targetArgs as Record<string, unknown>,
    });
  }
  if (name === DESCRIBE_TOOL) {
    const target = args.name;
    if (typeof target !== "string")
      return invalid(name, "give `name`, a tool from mesh_tool_search");
    const entry = mesh.catalog.tools.get(target);
    // A tool the policy hides from this caller is described as unknown, as tools/list omits it.
    if (!entry || !mesh.toolVisible(call.caller, target))
      return unknownTool(mesh, name, target, call.caller);
    const description = { ...entry.exposed, server: entry.downstream.name };
    return {
      content: [{ type: "text", text: JSON.stringify(description) }],
      structuredContent: description,
    };
  }
  const query = args.query;
  const limit = args.limit ?? 10;
  if (
    typeof query !== "string" ||
    typeof limit !== "number" ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 50
  ) {
    return invalid(name, "give `query` (keywords) and optionally `limit` (1 to 50)");
  }
  const visible = (tool: string) => mesh.toolVisible(call.caller, tool);
  const result = {
    tools: searchTools(mesh.catalog, query, limit, visible),
    total: [...mesh.catalog.tools.keys()].filter(visible).length,
  };
  return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
}

function invalid(tool: string, hint: string): CallToolResult {
  return envelopeResult("agent-mesh", tool, "invalid_request", `Invalid arguments: ${hint}.`);
}

function unknownTool(
  mesh: MeshApi,
  tool: string,
  target: string,
  caller: CallRequest["caller"],
): CallToolResult {
  const names = [...mesh.catalog.tools.keys()].filter((n) => mesh.toolVisible(caller, n));
  const suggestion = nearest(target, names);
  const hint = suggestion ? ` Did you mean ${suggestion}?` : " Use mesh_tool_search to find it.";
  return envelopeResult(
    "agent-mesh",
    tool,
    "not_found",
    `No tool named ${target} in the mesh.${hint}`,
  );
}
