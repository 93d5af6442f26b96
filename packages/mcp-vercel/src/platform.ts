import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "vercel",
  title: "Vercel",
  version: "0.1.0",
  description: "Vercel for AI agents: list items through Vercel's API.",
  config: {
    apiKey: {
      env: "VERCEL_API_KEY",
      schema: z.string().min(1),
      description: "Vercel API key",
      secret: true,
    },
    baseUrl: {
      env: "VERCEL_API_URL",
      schema: z.url().default("https://api.vercel.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
