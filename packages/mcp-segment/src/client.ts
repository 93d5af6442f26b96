import { type ConfigOf, PlatformError } from "@agent-mesh/core";
import type { settings } from "./settings.js";
import { Tracker } from "./tracker.js";
import { createWorkspaceApi, type WorkspaceApi } from "./workspace-api.js";

export type SegmentConfig = ConfigOf<typeof settings>;

/**
 * Both of Segment's APIs behind one client, each built on first use: tracking
 * (@segment/analytics-node, the write key) and the workspace (Public API SDK, a token). A
 * missing credential fails only the tools that need it, naming the variable to set.
 */
export class SegmentClient {
  private tracker?: Tracker;
  private workspaceApi?: WorkspaceApi;

  constructor(
    readonly config: SegmentConfig,
    private readonly fetch: typeof globalThis.fetch,
  ) {}

  tracking(): Tracker {
    const writeKey = this.config.writeKey;
    if (!writeKey) {
      throw notConfigured(
        "SEGMENT_WRITE_KEY",
        "Tracking needs the write key of a Segment source: set SEGMENT_WRITE_KEY (Connections > Sources > the source > Settings > API Keys).",
      );
    }
    this.tracker ??= new Tracker({
      writeKey,
      host: this.config.trackingUrl,
      maxRetries: this.config.maxRetries,
      rateLimitWaitSeconds: this.config.rateLimitWaitSeconds,
      fetch: this.fetch,
    });
    return this.tracker;
  }

  workspace(): WorkspaceApi {
    const token = this.config.publicApiToken;
    if (!token) {
      throw notConfigured(
        "SEGMENT_PUBLIC_API_TOKEN",
        "The workspace tools need a Segment Public API token: set SEGMENT_PUBLIC_API_TOKEN (Settings > Workspace settings > Access Management > Tokens). Tracking works without it.",
      );
    }
    this.workspaceApi ??= createWorkspaceApi(token, this.config.publicApiUrl);
    return this.workspaceApi;
  }
}

function notConfigured(variable: string, message: string): PlatformError {
  return new PlatformError("not_configured", message, { details: { variables: [variable] } });
}

export function createClient(config: SegmentConfig, fetch: typeof globalThis.fetch): SegmentClient {
  return new SegmentClient(config, fetch);
}
