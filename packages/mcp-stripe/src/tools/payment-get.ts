import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, paymentOutput, paymentSummary, toPayment } from "../shapes.js";

export const paymentGet = defineTool({
  name: "stripe_payment_get",
  title: "Get a payment",
  description: "Reads one PaymentIntent, with the amount refunded so far.",
  input: z.object({ payment_intent: idOf("pi", "PaymentIntent") }),
  output: paymentOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: paymentSummary,
  run: async ({ payment_intent }, ctx: ToolContext<StripeClient>) => {
    const pi = await ctx.client.sdk.paymentIntents.retrieve(payment_intent, {
      expand: ["latest_charge"],
    });
    ctx.client.checkCustomer(typeof pi.customer === "string" ? pi.customer : pi.customer?.id);
    return toPayment(pi);
  },
});
