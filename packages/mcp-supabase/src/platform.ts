import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "supabase",
  title: "Supabase",
  version: "0.1.0",
  description: "Supabase for AI agents: list and create items through Supabase's API.",
  config: {
    apiKey: {
      env: "SUPABASE_API_KEY",
      schema: z.string().min(1),
      description: "Supabase API key",
      secret: true,
    },
    baseUrl: {
      env: "SUPABASE_API_URL",
      schema: z.url().default("https://api.supabase.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
