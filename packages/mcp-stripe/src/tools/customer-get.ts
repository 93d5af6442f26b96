import { defineTool, PlatformError, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, toCustomer, untrustedCustomer } from "../shapes.js";

export const customerGet = defineTool({
  name: "stripe_customer_get",
  title: "Get a customer",
  description: "Reads one customer by id.",
  input: z.object({ customer: idOf("cus", "customer") }),
  output: z.object({ customer: untrustedCustomer }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `Customer ${out.customer.data.id}`,
  run: async ({ customer }, ctx: ToolContext<StripeClient>) => {
    ctx.client.checkCustomer(customer);
    const found = await ctx.client.sdk.customers.retrieve(customer);
    if (found.deleted)
      throw new PlatformError("not_found", `Stripe: customer ${customer} was deleted.`);
    return { customer: untrusted(toCustomer(found)) };
  },
});
