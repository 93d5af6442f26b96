import { PlatformError } from "@agent-mesh/core";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";

export interface ClientConfig {
  token?: string | undefined;
  appId?: string | undefined;
  privateKey?: string | undefined;
  installationId?: number | undefined;
  baseUrl: string;
  repos: string[];
  lockdown: boolean;
}

/** What every tool gets: the Octokit client and the operator's bounds on what it may touch. */
export interface GitHubClient {
  octokit: Octokit;
  /** GITHUB_REPOS: owner/name entries or globs (`acme/*`). */
  repos: readonly string[];
  /** GITHUB_LOCKDOWN: hide text written by users without push access. */
  lockdown: boolean;
}

// stdout belongs to the protocol on a stdio server: Octokit's notices go to stderr.
const log = {
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.error(`[octokit] ${message}`),
  // Failed requests are reported as envelopes; the request log would only repeat them.
  error: () => {},
};

/**
 * @octokit/rest with its base URL configurable (GitHub Enterprise at https://HOST/api/v3, or the
 * sandbox), authenticated by a personal access token or as a GitHub App installation.
 */
export function createClient(config: ClientConfig, fetch: typeof globalThis.fetch): GitHubClient {
  const common = {
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    userAgent: "agent-mesh-mcp-github/0.1.0",
    request: { fetch },
    log,
  };
  let octokit: Octokit;
  if (config.token !== undefined) {
    octokit = new Octokit({ ...common, auth: config.token });
  } else if (
    config.appId !== undefined &&
    config.privateKey !== undefined &&
    config.installationId !== undefined
  ) {
    octokit = new Octokit({
      ...common,
      authStrategy: createAppAuth,
      auth: {
        appId: config.appId,
        privateKey: config.privateKey.replace(/\\n/g, "\n"),
        installationId: config.installationId,
      },
    });
  } else {
    const variables = ["GITHUB_TOKEN"];
    if (config.appId !== undefined || config.privateKey !== undefined) {
      if (config.appId === undefined) variables.push("GITHUB_APP_ID");
      if (config.privateKey === undefined) variables.push("GITHUB_APP_PRIVATE_KEY");
      if (config.installationId === undefined) variables.push("GITHUB_APP_INSTALLATION_ID");
    }
    throw new PlatformError(
      "not_configured",
      `GitHub is not configured: set GITHUB_TOKEN (a fine-grained or classic personal access token), or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID for a GitHub App.`,
      { details: { variables } },
    );
  }
  return { octokit, repos: config.repos, lockdown: config.lockdown };
}
