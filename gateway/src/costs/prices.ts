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
 * Published list prices (USD, on-demand, US) as checked on the date below: Bedrock in us-east-1,
 * Twilio US outbound SMS, Stripe standard US card pricing. Your contract, region or volume may
 * differ: set `costs.prices` in mesh.yaml to yours. docs/observability.md lists the same sources.
 *
 * Checked 2026-11-26 against stored copies of public pages (the official price pages' tables
 * could not be read there; each figure agrees across the dated secondary sources named):
 * - Bedrock, Claude 3.5 Haiku $0.80 / $4.00 per million input / output tokens: deploybase.ai
 *   "Amazon Bedrock Pricing" (citing aws.amazon.com/bedrock/pricing, 2026-03-21); tokenmix.ai
 *   (2026-04-10); atonementlicensing.pages.dev (Q1 2026, us-east-1).
 * - Bedrock, Claude Sonnet 4 $3 / $15: the Sonnet rate in exploreagentic.ai and
 *   cloudroutehq.com (2026); not confirmed for this model id itself, which AWS's model card lists
 *   as legacy (EOL 2026-10-14): legacy models can cost more (Claude 3.5 Sonnet is $6 / $30).
 * - Bedrock, Claude Sonnet 4.5 $3 / $15 and Haiku 4.5 $1 / $5: clauder-navi.com (2026), for
 *   the global endpoint; regional and geo endpoints (us., eu.) cost 10% more, which this table
 *   does not add.
 * - Bedrock, Nova Micro $0.035 / $0.14, Lite $0.06 / $0.24, Pro $0.80 / $3.20: pristren.com,
 *   atonementlicensing.pages.dev (Q1 2026), swfte.com (Nova Pro, May 2026).
 * - Twilio, US long-code outbound SMS $0.0083 per segment (carrier fees extra): dev.to
 *   "Twilio SMS API cost … 2026", hivebook.wiki (April 2026), budgetforge.dev (July 2026).
 * - Stripe, US domestic cards 2.9% + $0.30 per successful charge: calculatorcove.com (2026),
 *   paymentsandrisk.com, calcmastery.com; stripe.com/pricing itself was not in the store.
 */
export const LIST_PRICES: Prices = {
  as_of: "2026-11-26",
  currency: "USD",
  list_prices: true,
  bedrock: {
    "anthropic.claude-3-5-haiku-20241022-v1:0": { input_per_million: 0.8, output_per_million: 4 },
    "anthropic.claude-sonnet-4-20250514-v1:0": { input_per_million: 3, output_per_million: 15 },
    "anthropic.claude-sonnet-4-5-20250929-v1:0": { input_per_million: 3, output_per_million: 15 },
    "anthropic.claude-haiku-4-5-20251001-v1:0": { input_per_million: 1, output_per_million: 5 },
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
