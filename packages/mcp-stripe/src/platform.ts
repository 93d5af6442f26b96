import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "stripe",
  title: "Stripe",
  version: "0.1.0",
  description: "Stripe for AI agents: list and create items through Stripe's API.",
  config: {
    apiKey: {
      env: "STRIPE_API_KEY",
      schema: z.string().min(1),
      description: "Stripe API key",
      secret: true,
    },
    baseUrl: {
      env: "STRIPE_API_URL",
      schema: z.url().default("https://api.stripe.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
