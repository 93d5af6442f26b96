import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ListToolsResultSchema,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Listing } from "./types.js";

/** Pages through a list method until the server stops returning a cursor. */
async function all<T>(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ items: T[]; nextCursor?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.nextCursor || result.nextCursor === cursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

/**
 * Lists tools with a plain tools/list request: the SDK's `listTools()` also compiles a JSON
 * Schema validator (ajv) for every tool's output schema, for its own `callTool()`, which the
 * gateway never uses (it forwards results unchanged). On a mesh with many tools that was a
 * visible share of start-up CPU and of resident memory.
 */
export async function listTools(client: Client): Promise<Tool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  return all(async (cursor) => {
    const page = await client.request(
      { method: "tools/list", ...(cursor ? { params: { cursor } } : {}) },
      ListToolsResultSchema,
    );
    return { items: page.tools, nextCursor: page.nextCursor };
  });
}

export async function listResources(
  client: Client,
  capabilities: ServerCapabilities,
): Promise<{ resources: Resource[]; templates: ResourceTemplate[] }> {
  if (!capabilities.resources) return { resources: [], templates: [] };
  const [resources, templates] = await Promise.all([
    all(async (cursor) => {
      const page = await client.listResources(cursor ? { cursor } : undefined);
      return { items: page.resources, nextCursor: page.nextCursor };
    }),
    all(async (cursor) => {
      const page = await client.listResourceTemplates(cursor ? { cursor } : undefined);
      return { items: page.resourceTemplates, nextCursor: page.nextCursor };
    }),
  ]);
  return { resources, templates };
}

export async function listPrompts(
  client: Client,
  capabilities: ServerCapabilities,
): Promise<Prompt[]> {
  if (!capabilities.prompts) return [];
  return all(async (cursor) => {
    const page = await client.listPrompts(cursor ? { cursor } : undefined);
    return { items: page.prompts, nextCursor: page.nextCursor };
  });
}

export async function listEverything(client: Client): Promise<Listing> {
  const capabilities = client.getServerCapabilities() ?? {};
  const [tools, { resources, templates }, prompts] = await Promise.all([
    listTools(client),
    listResources(client, capabilities),
    listPrompts(client, capabilities),
  ]);
  return { capabilities, tools, resources, templates, prompts };
}
