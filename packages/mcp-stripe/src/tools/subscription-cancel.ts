import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, subscriptionOutput, subscriptionSummary, toSubscription } from "../shapes.js";

export const subscriptionCancel = defineTool({
  name: "stripe_subscription_cancel",
  title: "Cancel a subscription",
  description:
    "Cancels a subscription at the end of the current period (default), or now with at_period_end: false. Needs confirmation.",
  input: z.object({
    subscription: idOf("sub", "subscription"),
    at_period_end: z
      .boolean()
      .default(true)
      .describe("false ends it now, without a refund for the rest of the period"),
  }),
  output: subscriptionOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  idempotent: true,
  confirm: {
    message: ({ subscription, at_period_end }, client: StripeClient) =>
      at_period_end
        ? `${client.mode}Cancel ${subscription} at the end of its current period: no further renewals.`
        : `${client.mode}Cancel ${subscription} now: it ends immediately and does not renew.`,
  },
  summary: subscriptionSummary,
  run: async ({ subscription, at_period_end }, ctx: ToolContext<StripeClient>) => {
    const sdk = ctx.client.sdk.subscriptions;
    const options = { idempotencyKey: ctx.idempotencyKey };
    return toSubscription(
      at_period_end
        ? await sdk.update(subscription, { cancel_at_period_end: true }, options)
        : await sdk.cancel(subscription, {}, options),
    );
  },
});
