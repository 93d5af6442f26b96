import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "twilio",
  title: "Twilio",
  version: "0.1.0",
  description: "Twilio for AI agents: list and create items through Twilio's API.",
  config: {
    apiKey: {
      env: "TWILIO_API_KEY",
      schema: z.string().min(1),
      description: "Twilio API key",
      secret: true,
    },
    baseUrl: {
      env: "TWILIO_API_URL",
      schema: z.url().default("https://api.twilio.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
