import { definePlatform, flagSetting, listSetting } from "@agent-mesh/core";
import { z } from "zod";
import { createClient } from "./client.js";
import { mapError } from "./errors.js";
import { type Toolset, tools, toolsetOf, toolsets } from "./tools/index.js";

const toolsetNames = Object.keys(toolsets) as [Toolset, ...Toolset[]];

/**
 * The CI/CD loop, releases, pull requests and repositories. Issues are opt-in: their text is
 * where prompt injections arrive, and leaving them out keeps the default list small.
 */
export const DEFAULT_TOOLSETS: Toolset[] = ["actions", "releases", "pulls", "repos"];

export const platform = definePlatform({
  name: "github",
  title: "GitHub",
  version: "0.1.0",
  description:
    "GitHub for AI agents: the CI/CD loop (dispatch, follow, logs, cancel, re-run), releases, pull requests, issues, files and security alerts, bounded by a repository allow-list.",
  config: {
    token: {
      env: "GITHUB_TOKEN",
      schema: z.string().min(1).optional(),
      description:
        "Fine-grained or classic personal access token (or use the GITHUB_APP_* settings)",
      secret: true,
    },
    appId: {
      env: "GITHUB_APP_ID",
      schema: z.string().regex(/^\d+$/, { error: "a numeric App id" }).optional(),
      description: "GitHub App id, to authenticate as an App installation instead of a token",
    },
    privateKey: {
      env: "GITHUB_APP_PRIVATE_KEY",
      schema: z.string().min(1).optional(),
      description: "The GitHub App's private key (PEM; \\n escapes allowed)",
      secret: true,
    },
    installationId: {
      env: "GITHUB_APP_INSTALLATION_ID",
      schema: z.coerce.number().int().positive().optional(),
      description: "The App installation id to act as",
    },
    baseUrl: {
      env: "GITHUB_API_URL",
      schema: z.url().default("https://api.github.com"),
      description: "API base URL: https://HOST/api/v3 for GitHub Enterprise Server, or the sandbox",
    },
    webhookSecret: {
      env: "GITHUB_WEBHOOK_SECRET",
      schema: z.string().min(1).optional(),
      description:
        "Secret of the repository's webhook; the gateway verifies X-Hub-Signature-256 on /hooks/github with it (the tools do not use it)",
      secret: true,
    },
    repos: {
      env: "GITHUB_REPOS",
      schema: listSetting(),
      description:
        "Repositories the tools may touch, comma-separated: owner/name or owner/* (required; */* allows all)",
    },
    toolsets: {
      env: "GITHUB_TOOLSETS",
      schema: listSetting(z.enum(toolsetNames)).transform((sets) =>
        sets.length === 0 ? DEFAULT_TOOLSETS : sets,
      ),
      description: `Toolsets to serve, comma-separated: ${toolsetNames.join(", ")} (default: ${DEFAULT_TOOLSETS.join(",")})`,
    },
    readOnly: {
      env: "GITHUB_READ_ONLY",
      schema: flagSetting().default(false),
      description: "true hides every tool that writes",
    },
    lockdown: {
      env: "GITHUB_LOCKDOWN",
      schema: flagSetting().default(false),
      description: "true hides issue and pull request text by users without push access",
    },
  },
  client: (config, { fetch }) => createClient(config, fetch),
  tools,
  visible: (tool, config) => {
    const set = toolsetOf(tool.name);
    return set === undefined || (config.toolsets ?? DEFAULT_TOOLSETS).includes(set);
  },
  mapError,
});
