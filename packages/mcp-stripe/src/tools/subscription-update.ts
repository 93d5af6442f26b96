import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import {
  idOf,
  metadataInput,
  subscriptionOutput,
  subscriptionSummary,
  toSubscription,
} from "../shapes.js";

export const subscriptionUpdate = defineTool({
  name: "stripe_subscription_update",
  title: "Change a subscription",
  description:
    "Changes a single-item subscription's price or quantity (prorated by default), or its metadata. Needs confirmation.",
  input: z.object({
    subscription: idOf("sub", "subscription"),
    price: idOf("price", "recurring price").optional(),
    quantity: z.number().int().min(1).max(10_000).optional(),
    proration_behavior: z
      .enum(["create_prorations", "none", "always_invoice"])
      .default("create_prorations"),
    metadata: metadataInput,
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
    message: ({ subscription, price, quantity, proration_behavior }, client: StripeClient) =>
      `${client.mode}Change ${subscription}${price ? ` to price ${price}` : ""}${quantity ? ` with quantity ${quantity}` : ""} (${proration_behavior}); future invoices change.`,
  },
  summary: subscriptionSummary,
  run: async (
    { subscription, price, quantity, proration_behavior, metadata },
    ctx: ToolContext<StripeClient>,
  ) => {
    if (price === undefined && quantity === undefined && metadata === undefined) {
      throw new PlatformError(
        "invalid_request",
        "Nothing to change: give price, quantity or metadata.",
      );
    }
    const current = await ctx.client.sdk.subscriptions.retrieve(subscription);
    ctx.client.checkCustomer(
      typeof current.customer === "string" ? current.customer : current.customer.id,
    );
    const items = current.items.data;
    if ((price || quantity) && items.length !== 1) {
      throw new PlatformError(
        "invalid_request",
        `${subscription} has ${items.length} items; this tool changes single-item subscriptions only.`,
      );
    }
    const changed = price || quantity ? [{ id: items[0]!.id, price, quantity }] : undefined;
    return toSubscription(
      await ctx.client.sdk.subscriptions.update(
        subscription,
        { items: changed, proration_behavior, metadata },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    );
  },
});
