import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";

interface ItemsPage {
  data: Array<{ id: string; name: string; created: number }>;
  has_more: boolean;
}

export const itemList = defineTool({
  name: "vercel_item_list",
  title: "List items",
  description: "Lists Vercel items, newest first.",
  input: z.object({ ...pageInput }),
  output: z.object({
    items: z.array(z.object({ id: z.string(), name: z.string(), created_at: z.string() })),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.items.length} item(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ cursor, limit }, ctx: ToolContext<ApiClient>) => {
    const page = await ctx.client.request<ItemsPage>("GET", "/v1/items", {
      query: { limit, starting_after: cursor },
      signal: ctx.signal,
    });
    const items = page.data.map((item) => ({
      id: item.id,
      name: item.name,
      created_at: new Date(item.created * 1000).toISOString(),
    }));
    const last = items.at(-1);
    return { items, next_cursor: page.has_more && last ? last.id : null };
  },
});
