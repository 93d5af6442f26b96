import { z } from "zod";

const tokenPrice = z.strictObject({
  input_per_million: z.number().min(0),
  output_per_million: z.number().min(0),
});

/** `costs.prices` in mesh.yaml: what each reported unit costs. Entries given replace defaults. */
export const priceTable = z.strictObject({
  /** When these prices were read from the platforms' price pages. */
  as_of: z.string().min(1).optional(),
  currency: z.string().length(3).optional(),
  /** Bedrock on-demand prices by model id (a cross-region `us.` / `eu.` prefix is ignored). */
  bedrock: z.record(z.string().min(1), tokenPrice).optional(),
  twilio: z
    .strictObject({
      /** Per SMS segment, used when Twilio has not reported the message's price yet. */
      sms_segment: z.number().min(0).optional(),
    })
    .optional(),
  stripe: z
    .strictObject({
      card_percent: z.number().min(0).max(100).optional(),
      card_fixed: z.number().min(0).optional(),
    })
    .optional(),
});

export const costsSection = z.strictObject({
  prices: priceTable.default({}),
});

export type PriceTable = z.output<typeof priceTable>;
export type CostsConfig = z.output<typeof costsSection>;
export const COSTS_DEFAULTS: CostsConfig = costsSection.parse({});

/** Prices with every part filled in. */
export interface Prices {
  as_of: string;
  currency: string;
  /** True while every price is the published list price below (none configured). */
  list_prices: boolean;
  bedrock: Record<string, { input_per_million: number; output_per_million: number }>;
  twilio: { sms_segment: number };
  stripe: { card_percent: number; card_fixed: number };
}

/**
 * Published list prices (USD, on-demand, US) as of the date below: Bedrock in us-east-1, Twilio
 * US outbound SMS, Stripe standard US card pricing. Your contract, region or volume may differ:
 * set `costs.prices` in mesh.yaml to yours.
 */
export const LIST_PRICES: Prices = {
  as_of: "2025-06-01",
  currency: "USD",
  list_prices: true,
  bedrock: {
    "anthropic.claude-3-5-haiku-20241022-v1:0": { input_per_million: 0.8, output_per_million: 4 },
    "anthropic.claude-sonnet-4-20250514-v1:0": { input_per_million: 3, output_per_million: 15 },
    "amazon.nova-micro-v1:0": { input_per_million: 0.035, output_per_million: 0.14 },
    "amazon.nova-lite-v1:0": { input_per_million: 0.06, output_per_million: 0.24 },
    "amazon.nova-pro-v1:0": { input_per_million: 0.8, output_per_million: 3.2 },
  },
  twilio: { sms_segment: 0.0083 },
  stripe: { card_percent: 2.9, card_fixed: 0.3 },
};

/** The list prices with mesh.yaml's entries over them. */
export function pricesFrom(table: PriceTable): Prices {
  const configured = Object.values(table).some((v) => v !== undefined);
  return {
    as_of: table.as_of ?? (configured ? "configured" : LIST_PRICES.as_of),
    currency: table.currency ?? LIST_PRICES.currency,
    list_prices: !configured,
    bedrock: { ...LIST_PRICES.bedrock, ...table.bedrock },
    twilio: { ...LIST_PRICES.twilio, ...table.twilio },
    stripe: { ...LIST_PRICES.stripe, ...table.stripe },
  };
}
