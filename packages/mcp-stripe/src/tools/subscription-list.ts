import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, nextCursor, startingAfter, subscriptionOutput, toSubscription } from "../shapes.js";

export const subscriptionList = defineTool({
  name: "stripe_subscription_list",
  title: "List subscriptions",
  description:
    "Lists subscriptions, newest first; by default the active ones, optionally of one customer or price.",
  input: z.object({
    customer: idOf("cus", "customer").optional(),
    price: idOf("price", "price").optional(),
    status: z
      .enum(["active", "past_due", "unpaid", "canceled", "incomplete", "trialing", "paused", "all"])
      .default("active"),
    ...pageInput,
  }),
  output: z.object({ subscriptions: z.array(subscriptionOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.subscriptions.length} subscription(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ customer, price, status, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    ctx.client.scopeToCustomer(customer);
    const page = await ctx.client.sdk.subscriptions.list({
      customer,
      price,
      status,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { subscriptions: page.data.map(toSubscription), next_cursor: nextCursor(page) };
  },
});
