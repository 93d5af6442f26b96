import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import {
  idOf,
  metadataInput,
  subscriptionOutput,
  subscriptionSummary,
  toSubscription,
} from "../shapes.js";

export const subscriptionCreate = defineTool({
  name: "stripe_subscription_create",
  title: "Subscribe a customer",
  description:
    "Subscribes a customer to a recurring price; the first invoice is charged at once (or sent, with send_invoice). Needs confirmation; retries subscribe once.",
  input: z.object({
    customer: idOf("cus", "customer"),
    price: idOf("price", "recurring price"),
    quantity: z.number().int().min(1).max(10_000).default(1),
    default_payment_method: z
      .string()
      .regex(/^pm_\w+$/)
      .max(255)
      .optional()
      .describe("Defaults to the customer's invoice payment method"),
    collection_method: z
      .enum(["charge_automatically", "send_invoice"])
      .default("charge_automatically"),
    days_until_due: z.number().int().min(0).max(365).optional().describe("With send_invoice only"),
    metadata: metadataInput,
  }),
  output: subscriptionOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  confirm: {
    message: ({ customer, price, quantity, collection_method }, client: StripeClient) => {
      client.checkCustomer(customer);
      return `${client.mode}Subscribe ${customer} to ${quantity} × ${price}; the first period is ${collection_method === "send_invoice" ? "invoiced" : "charged now"} and it renews until canceled.`;
    },
  },
  summary: subscriptionSummary,
  run: async ({ customer, price, quantity, ...rest }, ctx: ToolContext<StripeClient>) => {
    ctx.client.checkCustomer(customer);
    return toSubscription(
      await ctx.client.sdk.subscriptions.create(
        { customer, items: [{ price, quantity }], ...rest },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    );
  },
});
