import { flagSetting, listSetting } from "@agent-mesh/core";
import { z } from "zod";

/**
 * Every setting of the Segment server. Tracking needs only the source's write key; the workspace
 * tools need a Public API token. Either may be missing: the tools that need it answer
 * not_configured naming it, the others still work.
 */
export const settings = {
  writeKey: {
    env: "SEGMENT_WRITE_KEY",
    schema: z.string().min(1).optional(),
    description: "Write key of the source that tracking tools send to",
    secret: true,
  },
  publicApiToken: {
    env: "SEGMENT_PUBLIC_API_TOKEN",
    schema: z.string().min(1).optional(),
    description:
      "Public API token (Workspace settings > Access Management > Tokens) for the workspace tools",
    secret: true,
  },
  trackingUrl: {
    env: "SEGMENT_TRACKING_URL",
    schema: z.url().default("https://api.segment.io"),
    description:
      "Tracking API host (EU workspaces: https://events.eu1.segmentapis.com; or the sandbox)",
  },
  publicApiUrl: {
    env: "SEGMENT_PUBLIC_API_URL",
    schema: z.url().default("https://api.segmentapis.com"),
    description:
      "Public API base URL (EU workspaces: https://eu1.api.segmentapis.com; or the sandbox)",
  },
  sources: {
    env: "SEGMENT_SOURCES",
    schema: listSetting(),
    description:
      "Source ids the workspace tools may read (globs; empty: any); source lists match slugs too",
  },
  events: {
    env: "SEGMENT_EVENTS",
    schema: listSetting(),
    description: "Event names the tracking tools may send (globs; empty: any)",
  },
  dryRun: {
    env: "SEGMENT_DRY_RUN",
    schema: flagSetting().default(false),
    description: "Validate tracking calls and show what would be sent, without sending",
  },
  readOnly: {
    env: "SEGMENT_READ_ONLY",
    schema: flagSetting().default(false),
    description: "Hide the tracking tools; only the workspace tools that read remain",
  },
  maxRetries: {
    env: "SEGMENT_MAX_RETRIES",
    schema: z.coerce.number().int().min(0).max(10).default(3),
    description: "Retries of a failed batch (5xx, network) with the library's backoff (default 3)",
  },
  rateLimitWaitSeconds: {
    env: "SEGMENT_RATE_LIMIT_WAIT_SECONDS",
    schema: z.coerce.number().int().min(0).max(300).default(20),
    description:
      "How long a tracking call may wait out 429s (Retry-After) before it answers rate_limited (default 20)",
  },
};
