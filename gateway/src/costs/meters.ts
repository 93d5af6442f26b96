import { z } from "zod";

/** What one call used, as the platform reported it in the tool's structured result. */
export interface Usage {
  /** What is counted: bedrock.input_tokens, bedrock.output_tokens, twilio.sms_segments, stripe.card_charges. */
  meter: string;
  quantity: number;
  /** What the price depends on besides the meter (the Bedrock model id). */
  dimension?: string;
  /** An amount the platform charged and reported itself (Twilio's price), in `currency`. */
  reported?: number;
  /** The amount a fee is a share of (Stripe: the amount received), in `currency`. */
  amount?: number;
  currency?: string;
}

type Meter = (structured: unknown) => Usage[];

const converse = z.object({
  model_id: z.string(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
});

const message = z.object({
  segments: z.number().nullable(),
  price: z.string().nullable(),
  price_unit: z.string().nullable(),
});

const payment = z.object({ amount_received: z.number(), currency: z.string() });

/** Bedrock Converse: input and output tokens, by model. */
const bedrockTokens: Meter = (structured) => {
  const out = converse.safeParse(structured);
  if (!out.success) return [];
  const { model_id, usage } = out.data;
  return [
    { meter: "bedrock.input_tokens", quantity: usage.input_tokens, dimension: model_id },
    { meter: "bedrock.output_tokens", quantity: usage.output_tokens, dimension: model_id },
  ];
};

/** A sent Twilio message: its segments, and Twilio's own price once it reports one (negative). */
const twilioSegments: Meter = (structured) => {
  const out = message.safeParse(structured);
  if (!out.success || out.data.segments === null) return [];
  const price = out.data.price === null ? Number.NaN : Math.abs(Number(out.data.price));
  return [
    {
      meter: "twilio.sms_segments",
      quantity: out.data.segments,
      ...(Number.isFinite(price)
        ? { reported: price, currency: (out.data.price_unit ?? "USD").toUpperCase() }
        : {}),
    },
  ];
};

/** A Stripe payment that moved money: one card charge on the amount received (minor units). */
const stripeCharge: Meter = (structured) => {
  const out = payment.safeParse(structured);
  if (!out.success || out.data.amount_received <= 0) return [];
  return [
    {
      meter: "stripe.card_charges",
      quantity: 1,
      amount: out.data.amount_received / 100,
      currency: out.data.currency.toUpperCase(),
    },
  ];
};

/**
 * The declared usage of first-party tools whose results report it, by tool name: one place, read
 * from the tool's output schema (packages/mcp-<platform>/src/tools), never parsed ad hoc. Only
 * the call that incurs the cost counts (a send, not a later get of the same message).
 */
export const METERS: Readonly<Record<string, Meter>> = {
  aws_model_converse: bedrockTokens,
  twilio_message_send: twilioSegments,
  stripe_payment_create: stripeCharge,
  stripe_payment_capture: stripeCharge,
};

/** What a first-party tool's successful result says it used (nothing for other tools). */
export function usageOf(tool: string, structured: unknown): Usage[] {
  const meter = METERS[tool];
  return meter && structured !== undefined ? meter(structured) : [];
}
