import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "github",
  title: "GitHub",
  version: "0.1.0",
  description: "GitHub for AI agents: list and create items through GitHub's API.",
  config: {
    apiKey: {
      env: "GITHUB_API_KEY",
      schema: z.string().min(1),
      description: "GitHub API key",
      secret: true,
    },
    baseUrl: {
      env: "GITHUB_API_URL",
      schema: z.url().default("https://api.github.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
