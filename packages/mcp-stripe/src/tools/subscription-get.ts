import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, subscriptionOutput, subscriptionSummary, toSubscription } from "../shapes.js";

export const subscriptionGet = defineTool({
  name: "stripe_subscription_get",
  title: "Get a subscription",
  description: "Reads one subscription with its items and current periods.",
  input: z.object({ subscription: idOf("sub", "subscription") }),
  output: subscriptionOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: subscriptionSummary,
  run: async ({ subscription }, ctx: ToolContext<StripeClient>) => {
    const sub = toSubscription(await ctx.client.sdk.subscriptions.retrieve(subscription));
    ctx.client.checkCustomer(sub.customer);
    return sub;
  },
});
