import { endpointSetting, flagSetting, listSetting, type Settings } from "@agent-mesh/core";
import { z } from "zod";

/** `usd:50000`, `jpy:100000` or `*:100000`: a currency (or every other one) and its limit. */
const maxAmountEntry = z.string().regex(/^([a-zA-Z]{3}|\*)[:=]\d+$/, {
  error:
    "use currency:amount in minor units, e.g. usd:50000,jpy:100000 (or *:amount for every other)",
});

export const settings = {
  secretKey: {
    env: "STRIPE_SECRET_KEY",
    schema: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, {
      error: "expected a secret key (sk_test_..., sk_live_...) or a restricted key (rk_...)",
    }),
    description: "Stripe secret or restricted key (dashboard.stripe.com/apikeys)",
    secret: true,
  },
  baseUrl: endpointSetting(
    "STRIPE_API_URL",
    "Stripe API base URL, e.g. the sandbox's (default https://api.stripe.com)",
  ),
  webhookSecret: {
    env: "STRIPE_WEBHOOK_SECRET",
    schema: z
      .string()
      .regex(/^whsec_\w+$/, { error: "expected a webhook signing secret (whsec_...)" })
      .optional(),
    description:
      "Signing secret (whsec_...) the gateway verifies Stripe-Signature on /hooks/stripe with; the tools do not use it",
    secret: true,
  },
  readOnly: {
    env: "STRIPE_READ_ONLY",
    schema: flagSetting().default(false),
    description: "true hides every tool that writes (payments, refunds, customers, webhooks ...)",
  },
  maxAmount: {
    env: "STRIPE_MAX_AMOUNT",
    schema: listSetting(maxAmountEntry),
    description:
      "Largest payment or refund per currency in minor units, e.g. usd:50000,jpy:100000; once set, unlisted currencies are refused unless *:amount is given",
  },
  customers: {
    env: "STRIPE_CUSTOMERS",
    schema: listSetting(),
    description: "Customer ids (globs allowed) the tools may act on; empty means any",
  },
} satisfies Settings;
