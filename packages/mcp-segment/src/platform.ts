import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "segment",
  title: "Segment",
  version: "0.1.0",
  description: "Segment for AI agents: list and create items through Segment's API.",
  config: {
    apiKey: {
      env: "SEGMENT_API_KEY",
      schema: z.string().min(1),
      description: "Segment API key",
      secret: true,
    },
    baseUrl: {
      env: "SEGMENT_API_URL",
      schema: z.url().default("https://api.segment.com"),
      description: "API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
