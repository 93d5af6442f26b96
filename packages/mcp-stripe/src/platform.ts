import { definePlatform } from "@agent-mesh/core";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { settings } from "./settings.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "stripe",
  title: "Stripe",
  version: "0.1.0",
  description:
    "Stripe for AI agents: customers, payments, refunds, products and prices, subscriptions, invoices, payment links, webhook endpoints, balance and events; idempotent on Stripe's own keys, confirmed before money moves, capped by STRIPE_MAX_AMOUNT.",
  config: settings,
  client: (config) => createClient(config),
  tools,
  mapError,
});
