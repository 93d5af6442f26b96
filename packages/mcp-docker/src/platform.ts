import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "docker",
  title: "Docker",
  version: "0.1.0",
  description: "Docker for AI agents: list and create items through Docker's API.",
  config: {
    apiKey: {
      env: "DOCKER_API_KEY",
      schema: z.string().min(1),
      description: "Docker API key",
      secret: true,
    },
    baseUrl: {
      env: "DOCKER_API_URL",
      schema: z.url().default("https://api.docker.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
