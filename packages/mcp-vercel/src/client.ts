import { JsonClient, PlatformError } from "@agent-mesh/core";
import type { ApiProject } from "./api-types.js";

export interface ClientConfig {
  token: string;
  teamId?: string | undefined;
  baseUrl: string;
}

/** Vercel's REST API through one JSON client: bearer token, team scope, timeouts, HTTP errors. */
export class VercelClient {
  readonly http: JsonClient;

  constructor(config: ClientConfig, fetch: typeof globalThis.fetch) {
    this.http = new JsonClient({
      baseUrl: config.baseUrl,
      headers: { authorization: `Bearer ${config.token}` },
      query: { teamId: config.teamId },
      fetch,
    });
  }

  /** A project by id or name (GET /v9/projects/:idOrName). */
  project(idOrName: string, signal?: AbortSignal): Promise<ApiProject> {
    return this.http.request<ApiProject>("GET", `/v9/projects/${encodeURIComponent(idOrName)}`, {
      signal,
    });
  }

  /** The project id for an id or a name, asking the API only for names. */
  async projectId(idOrName: string, signal?: AbortSignal): Promise<string> {
    return idOrName.startsWith("prj_") ? idOrName : (await this.project(idOrName, signal)).id;
  }
}

export function createClient(config: ClientConfig, fetch: typeof globalThis.fetch): VercelClient {
  return new VercelClient(config, fetch);
}

export function requireLinkedRepo(project: ApiProject): NonNullable<ApiProject["link"]> {
  if (project.link?.repoId === undefined) {
    throw new PlatformError(
      "invalid_request",
      `Project ${project.name} is not connected to a git repository; connect one in Vercel (Settings > Git) to deploy a branch or ref.`,
    );
  }
  return project.link;
}
