import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { amountInput, checkAmount, checkMaxAmount, currencyInput, money } from "../money.js";
import { idOf, metadataInput, paymentOutput, paymentSummary, toPayment } from "../shapes.js";

export const paymentCreate = defineTool({
  name: "stripe_payment_create",
  title: "Create a payment",
  description:
    "Creates a PaymentIntent; with confirm: true it charges the payment method now. Needs confirmation; retries never charge twice (Idempotency-Key).",
  input: z.object({
    amount: amountInput,
    currency: currencyInput,
    customer: idOf("cus", "customer").optional(),
    payment_method: z
      .string()
      .regex(/^pm_\w+$/)
      .max(255)
      .optional()
      .describe("pm_... (test: pm_card_visa, pm_card_chargeDeclined)"),
    description: z.string().max(1000).optional(),
    metadata: metadataInput,
    confirm: z
      .boolean()
      .default(false)
      .describe("Charge now (needs payment_method); false only creates the intent"),
    capture_method: z
      .enum(["automatic", "manual"])
      .default("automatic")
      .describe("manual: authorize now, capture later"),
  }),
  output: paymentOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  confirm: {
    message: (input, client: StripeClient) => {
      client.checkCustomer(input.customer);
      checkAmount(input.amount, input.currency);
      checkMaxAmount(client.maxAmounts, input.amount, input.currency, "payment");
      const who = input.customer ? ` to customer ${input.customer}` : "";
      return input.confirm
        ? `${client.mode}Charge ${money(input.amount, input.currency)}${who} with ${input.payment_method ?? "no payment method"}${input.capture_method === "manual" ? " (authorize now, capture later)" : ""}.`
        : `${client.mode}Create a payment of ${money(input.amount, input.currency)}${who}, not charged until confirmed.`;
    },
  },
  summary: paymentSummary,
  run: async (input, ctx: ToolContext<StripeClient>) => {
    ctx.client.checkCustomer(input.customer);
    checkAmount(input.amount, input.currency);
    checkMaxAmount(ctx.client.maxAmounts, input.amount, input.currency, "payment");
    const pi = await ctx.client.sdk.paymentIntents.create(
      {
        ...input,
        expand: ["latest_charge"],
      },
      { idempotencyKey: ctx.idempotencyKey },
    );
    return toPayment(pi);
  },
});
