import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { amountInput } from "../money.js";
import { idOf, paymentOutput, paymentSummary, toPayment } from "../shapes.js";

export const paymentCapture = defineTool({
  name: "stripe_payment_capture",
  title: "Capture a payment",
  description:
    "Captures an authorized PaymentIntent (status requires_capture), all or part of it. Needs confirmation.",
  input: z.object({
    payment_intent: idOf("pi", "PaymentIntent"),
    amount_to_capture: amountInput
      .optional()
      .describe("Minor units; omit to capture everything authorized"),
  }),
  output: paymentOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  idempotent: true,
  confirm: {
    message: ({ payment_intent, amount_to_capture }, client: StripeClient) =>
      `${client.mode}Capture ${amount_to_capture === undefined ? "the whole authorized amount" : `${amount_to_capture} (minor units)`} of ${payment_intent}: the customer is charged.`,
  },
  summary: paymentSummary,
  run: async ({ payment_intent, amount_to_capture }, ctx: ToolContext<StripeClient>) =>
    toPayment(
      await ctx.client.sdk.paymentIntents.capture(
        payment_intent,
        { amount_to_capture, expand: ["latest_charge"] },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    ),
});
