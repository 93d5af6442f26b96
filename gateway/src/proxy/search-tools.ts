import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog/catalog.js";

export const SEARCH_TOOL = "mesh_tool_search";
export const DESCRIBE_TOOL = "mesh_tool_describe";
export const CALL_TOOL = "mesh_tool_call";

/** What a client sees in search mode instead of every tool's schema. */
export function searchModeTools(catalog: Catalog): Tool[] {
  const count = catalog.tools.size;
  return [
    {
      name: SEARCH_TOOL,
      title: "Search the mesh's tools",
      description: `Finds tools among the ${count} this mesh offers, by keywords matched against names and descriptions. Use it first, then ${DESCRIBE_TOOL} for a tool's arguments and ${CALL_TOOL} to run it.`,
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", description: "Keywords, e.g. 'vercel deployment logs'" },
          limit: { type: "integer", minimum: 1, maximum: 50, default: 10 },
        },
        required: ["query"],
        additionalProperties: false,
      },
      outputSchema: {
        type: "object",
        properties: {
          tools: {
            type: "array",
            items: {
              type: "object",
              properties: {
                name: { type: "string" },
                server: { type: "string" },
                description: { type: "string" },
              },
              required: ["name", "server"],
            },
          },
          total: { type: "integer", description: "Tools in the mesh" },
        },
        required: ["tools", "total"],
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    {
      name: DESCRIBE_TOOL,
      title: "Describe a mesh tool",
      description: `Returns a tool's full definition: description, input schema (the arguments ${CALL_TOOL} needs), output schema and annotations.`,
      inputSchema: {
        type: "object",
        properties: { name: { type: "string", description: "A name from mesh_tool_search" } },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    {
      name: CALL_TOOL,
      title: "Call a mesh tool",
      description: `Calls any tool of the mesh by name with its arguments (see ${DESCRIBE_TOOL}); returns that tool's own result. The tool's own annotations apply: check them before calling something destructive.`,
      inputSchema: {
        type: "object",
        properties: {
          name: { type: "string" },
          arguments: {
            type: "object",
            description: "The tool's arguments",
            additionalProperties: true,
          },
        },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
  ];
}

export interface SearchHit {
  name: string;
  server: string;
  description?: string;
}

/** Ranks tools by how many query words their name, title and description contain. */
export function searchTools(
  catalog: Catalog,
  query: string,
  limit: number,
  visible: (name: string) => boolean = () => true,
): SearchHit[] {
  const words = query
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const scored: Array<SearchHit & { score: number }> = [];
  for (const [name, entry] of catalog.tools) {
    if (!visible(name)) continue;
    const tool = entry.exposed;
    const haystackName = name.toLowerCase();
    const text = `${tool.title ?? ""} ${tool.description ?? ""}`.toLowerCase();
    let score = words.length === 0 ? 1 : 0;
    for (const word of words) {
      if (haystackName.includes(word)) score += 3;
      if (text.includes(word)) score += 1;
    }
    if (score === 0) continue;
    const hit: SearchHit & { score: number } = { name, server: entry.downstream.name, score };
    if (tool.description) hit.description = firstSentence(tool.description);
    scored.push(hit);
  }
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map(({ score: _score, ...hit }) => hit);
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  const sentence = end === -1 ? text : text.slice(0, end + 1);
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
