import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { amountInput, checkAmount, checkMaxAmount, currencyInput, money } from "../money.js";
import { idOf, metadataInput, refundOutput, toRefund } from "../shapes.js";

export const refundCreate = defineTool({
  name: "stripe_refund_create",
  title: "Refund a payment",
  description:
    "Refunds all or part of a succeeded PaymentIntent. Give the amount and currency you mean (the payment's full amount for a whole refund). Needs confirmation; retries never refund twice.",
  input: z.object({
    payment_intent: idOf("pi", "PaymentIntent"),
    amount: amountInput.describe(
      "Minor units to refund (2000 = $20.00 in usd); at most what is left unrefunded",
    ),
    currency: currencyInput.describe(
      "The payment's currency, so the confirmation names the money exactly",
    ),
    reason: z.enum(["duplicate", "fraudulent", "requested_by_customer"]).optional(),
    metadata: metadataInput,
  }),
  output: refundOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  confirm: {
    message: ({ payment_intent, amount, currency }, client: StripeClient) => {
      checkAmount(amount, currency);
      checkMaxAmount(client.maxAmounts, amount, currency, "refund");
      return `${client.mode}Refund ${money(amount, currency)} of ${payment_intent} to the customer's payment method.`;
    },
  },
  summary: (r) => `Refund ${r.id}: ${r.amount_display} of ${r.payment_intent}, ${r.status}`,
  run: async (
    { payment_intent, amount, currency, reason, metadata },
    ctx: ToolContext<StripeClient>,
  ) => {
    checkAmount(amount, currency);
    checkMaxAmount(ctx.client.maxAmounts, amount, currency, "refund");
    const pi = await ctx.client.sdk.paymentIntents.retrieve(payment_intent);
    ctx.client.checkCustomer(typeof pi.customer === "string" ? pi.customer : pi.customer?.id);
    if (pi.currency !== currency) {
      throw new PlatformError(
        "invalid_request",
        `${payment_intent} is in ${pi.currency.toUpperCase()}, not ${currency.toUpperCase()}; ask again with currency ${pi.currency} so the refund is confirmed in the right money.`,
      );
    }
    return toRefund(
      await ctx.client.sdk.refunds.create(
        { payment_intent, amount, reason, metadata },
        { idempotencyKey: ctx.idempotencyKey },
      ),
    );
  },
});
