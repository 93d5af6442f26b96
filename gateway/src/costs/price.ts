import type { Usage } from "./meters.js";
import type { Prices } from "./prices.js";

/** A usage's cost in the table's currency, or undefined when no price applies (unpriced). */
export function costOf(usage: Usage, prices: Prices): number | undefined {
  switch (usage.meter) {
    case "bedrock.input_tokens":
    case "bedrock.output_tokens": {
      const model = bedrockModel(usage.dimension ?? "", prices);
      if (!model) return undefined;
      const perMillion =
        usage.meter === "bedrock.input_tokens" ? model.input_per_million : model.output_per_million;
      return (usage.quantity * perMillion) / 1_000_000;
    }
    case "twilio.sms_segments":
      if (usage.reported !== undefined && usage.currency === prices.currency) return usage.reported;
      return usage.quantity * prices.twilio.sms_segment;
    case "stripe.card_charges":
      if (usage.amount === undefined || usage.currency !== prices.currency) return undefined;
      return (
        usage.quantity * prices.stripe.card_fixed +
        (usage.amount * prices.stripe.card_percent) / 100
      );
    default:
      return undefined;
  }
}

/** A model's price: its id, else without a cross-region inference profile prefix (us., eu.). */
function bedrockModel(id: string, prices: Prices) {
  return prices.bedrock[id] ?? prices.bedrock[id.replace(/^(us|eu|apac|us-gov|global)\./, "")];
}
