import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, nextCursor, paymentOutput, startingAfter, toPayment } from "../shapes.js";

export const paymentList = defineTool({
  name: "stripe_payment_list",
  title: "List payments",
  description: "Lists PaymentIntents (full objects), newest first, optionally of one customer.",
  input: z.object({ customer: idOf("cus", "customer").optional(), ...pageInput }),
  output: z.object({ payments: z.array(paymentOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.payments.length} payment(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ customer, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    ctx.client.scopeToCustomer(customer);
    const page = await ctx.client.sdk.paymentIntents.list({
      customer,
      limit,
      starting_after: startingAfter(cursor),
      expand: ["data.latest_charge"],
    });
    return { payments: page.data.map(toPayment), next_cursor: nextCursor(page) };
  },
});
