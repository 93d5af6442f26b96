import { definePlatform } from "@agent-mesh/core";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { settings } from "./settings.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "segment",
  title: "Segment",
  version: "0.1.0",
  description:
    "Segment for AI agents: track, identify, page, group and alias calls that return once Segment accepted them (a retry is one event), and a read-only view of the workspace's sources, destinations and delivery metrics.",
  config: settings,
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
