import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { checkAmount, currencyInput } from "../money.js";
import { idOf, metadataInput, priceOutput, toPrice } from "../shapes.js";

export const priceCreate = defineTool({
  name: "stripe_price_create",
  title: "Create a price",
  description: "Creates a one-time or recurring price for a product. Safe to retry.",
  input: z.object({
    product: idOf("prod", "product"),
    unit_amount: z
      .number()
      .int()
      .min(0)
      .max(99_999_999)
      .describe("Minor units: 2000 is $20.00 in usd, ¥2000 in jpy"),
    currency: currencyInput,
    recurring: z
      .object({
        interval: z.enum(["day", "week", "month", "year"]),
        interval_count: z.number().int().min(1).max(365).default(1),
      })
      .optional()
      .describe("Omit for a one-time price"),
    nickname: z.string().max(250).optional(),
    metadata: metadataInput,
  }),
  output: priceOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  summary: (p) =>
    `Created price ${p.id}: ${p.amount_display}${p.recurring ? ` per ${p.recurring.interval}` : ""}`,
  run: async (input, ctx: ToolContext<StripeClient>) => {
    if (input.unit_amount > 0) checkAmount(input.unit_amount, input.currency, "unit_amount");
    return toPrice(
      await ctx.client.sdk.prices.create(input, { idempotencyKey: ctx.idempotencyKey }),
    );
  },
});
