import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { nextCursor, productOutput, startingAfter, toProduct } from "../shapes.js";

export const productList = defineTool({
  name: "stripe_product_list",
  title: "List products",
  description: "Lists products, newest first.",
  input: z.object({
    active: z.boolean().optional().describe("Only active (true) or archived (false) products"),
    ...pageInput,
  }),
  output: z.object({ products: z.array(productOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.products.length} product(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ active, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.products.list({
      active,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { products: page.data.map(toProduct), next_cursor: nextCursor(page) };
  },
});
