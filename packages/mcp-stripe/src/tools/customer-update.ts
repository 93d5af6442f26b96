import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { customerOutput, idOf, metadataInput, toCustomer } from "../shapes.js";

export const customerUpdate = defineTool({
  name: "stripe_customer_update",
  title: "Update a customer",
  description:
    "Changes a customer's email, name, description, phone or metadata (an empty metadata value removes that key).",
  input: z.object({
    customer: idOf("cus", "customer"),
    email: z.email().max(512).optional(),
    name: z.string().min(1).max(256).optional(),
    description: z.string().max(350).optional(),
    phone: z.string().max(20).optional(),
    metadata: metadataInput,
  }),
  output: customerOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  idempotent: true,
  summary: (c) => `Updated customer ${c.id}`,
  run: async ({ customer, ...changes }, ctx: ToolContext<StripeClient>) => {
    ctx.client.checkCustomer(customer);
    return toCustomer(
      await ctx.client.sdk.customers.update(customer, changes, {
        idempotencyKey: ctx.idempotencyKey,
      }),
    );
  },
});
