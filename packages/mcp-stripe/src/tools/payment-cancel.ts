import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, paymentOutput, paymentSummary, toPayment } from "../shapes.js";

export const paymentCancel = defineTool({
  name: "stripe_payment_cancel",
  title: "Cancel a payment",
  description:
    "Cancels a PaymentIntent that has not succeeded (an authorization is released). Needs confirmation.",
  input: z.object({
    payment_intent: idOf("pi", "PaymentIntent"),
    cancellation_reason: z
      .enum(["duplicate", "fraudulent", "requested_by_customer", "abandoned"])
      .optional(),
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
    message: ({ payment_intent }, client: StripeClient) =>
      `${client.mode}Cancel payment ${payment_intent}: it can no longer be charged, and any authorization is released.`,
  },
  summary: paymentSummary,
  run: async ({ payment_intent, cancellation_reason }, ctx: ToolContext<StripeClient>) =>
    toPayment(
      await ctx.client.sdk.paymentIntents.cancel(
        payment_intent,
        { cancellation_reason, expand: ["latest_charge"] },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    ),
});
