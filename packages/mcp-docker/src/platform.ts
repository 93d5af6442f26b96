import { definePlatform } from "@agent-mesh/core";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { settings } from "./settings.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "docker",
  title: "Docker",
  version: "0.1.0",
  description:
    "Docker for AI agents: build images from allowed folders, push them to allowed registries, inspect images, tags and containers, with progress condensed to what matters.",
  config: settings,
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
