import { definePlatform } from "@agent-mesh/core";
import { createClient } from "./client.js";
import { settings } from "./config.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "supabase",
  title: "Supabase",
  version: "0.1.0",
  description:
    "Supabase for AI agents: tables through PostgREST, Auth users, migrations and SQL with database-enforced read-only mode, and Storage.",
  config: settings,
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
