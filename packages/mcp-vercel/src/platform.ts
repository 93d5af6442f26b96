import { definePlatform } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { tools } from "./tools/index.js";

export const platform = definePlatform({
  name: "vercel",
  title: "Vercel",
  version: "0.1.0",
  description:
    "Vercel for AI agents: projects, git deployments (create, watch, read build logs, cancel) and environment variables.",
  config: {
    token: {
      env: "VERCEL_TOKEN",
      schema: z.string().min(1),
      description: "Vercel access token (vercel.com/account/tokens)",
      secret: true,
    },
    teamId: {
      env: "VERCEL_TEAM_ID",
      schema: z.string().min(1).optional(),
      description: "Team id (team_...) to act in; omit for the token's personal account",
    },
    webhookSecret: {
      env: "VERCEL_WEBHOOK_SECRET",
      schema: z.string().min(1).optional(),
      description:
        "Secret of the Vercel webhook; the gateway verifies x-vercel-signature on /hooks/vercel with it (the tools do not use it)",
      secret: true,
    },
    baseUrl: {
      env: "VERCEL_API_URL",
      schema: z.url().default("https://api.vercel.com"),
      description: "Vercel API base URL (point it at the sandbox or a proxy)",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  mapError,
});
