import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { type ApiItem, itemOutput, toItem } from "../shapes.js";

export const itemList = defineTool({
  name: "supabase_item_list",
  title: "List items",
  description: "Lists Supabase items, newest first.",
  input: z.object({ ...pageInput }),
  output: z.object({ items: z.array(itemOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.items.length} item(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ cursor, limit }, ctx: ToolContext<ApiClient>) => {
    const page = await ctx.client.request<{ data: ApiItem[]; has_more: boolean }>(
      "GET",
      "/v1/items",
      { query: { limit, starting_after: cursor }, signal: ctx.signal },
    );
    const items = page.data.map(toItem);
    const last = items.at(-1);
    return { items, next_cursor: page.has_more && last ? last.id : null };
  },
});
