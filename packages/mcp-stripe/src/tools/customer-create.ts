import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { customerOutput, metadataInput, toCustomer } from "../shapes.js";

export const customerCreate = defineTool({
  name: "stripe_customer_create",
  title: "Create a customer",
  description: "Creates a Stripe customer. Safe to retry: the idempotency key goes to Stripe.",
  input: z.object({
    email: z.email().max(512).optional(),
    name: z.string().min(1).max(256).optional(),
    description: z.string().max(350).optional(),
    phone: z.string().max(20).optional(),
    payment_method: z
      .string()
      .regex(/^pm_\w+$/)
      .optional()
      .describe(
        "Payment method to attach and make the default for invoices (pm_..., e.g. pm_card_visa in test mode)",
      ),
    metadata: metadataInput,
  }),
  output: customerOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  summary: (c) => `Created customer ${c.id}${c.email ? ` (${c.email})` : ""}`,
  run: async ({ payment_method, ...input }, ctx: ToolContext<StripeClient>) =>
    toCustomer(
      await ctx.client.sdk.customers.create(
        {
          ...input,
          ...(payment_method && {
            payment_method,
            invoice_settings: { default_payment_method: payment_method },
          }),
        },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    ),
});
