import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "__NAME__",
  title: "__TITLE__",
  version: "0.1.0",
  description: "__TITLE__ for AI agents: list and create items through __TITLE__'s API.",
  config: {
    apiKey: {
      env: "__ENV___API_KEY",
      schema: z.string().min(1),
      description: "__TITLE__ API key",
      secret: true,
    },
    baseUrl: {
      env: "__ENV___API_URL",
      schema: z.url().default("https://api.__NAME__.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
