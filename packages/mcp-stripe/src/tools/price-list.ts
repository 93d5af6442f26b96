import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, nextCursor, priceOutput, startingAfter, toPrice } from "../shapes.js";

export const priceList = defineTool({
  name: "stripe_price_list",
  title: "List prices",
  description: "Lists prices, newest first, optionally of one product or type.",
  input: z.object({
    product: idOf("prod", "product").optional(),
    type: z.enum(["one_time", "recurring"]).optional(),
    ...pageInput,
  }),
  output: z.object({ prices: z.array(priceOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.prices.length} price(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ product, type, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.prices.list({
      product,
      type,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { prices: page.data.map(toPrice), next_cursor: nextCursor(page) };
  },
});
