/** Credentials the Segment stand-in accepts. */
export const SEGMENT_WRITE_KEY = "sandbox-segment-write-key";
export const SEGMENT_PUBLIC_API_TOKEN = "sandbox-segment-public-api-token";
export const SEGMENT_WORKSPACE_ID = "ws_sandbox";
/** A source whose write key is always over its rate limit: 429 with Retry-After. */
export const THROTTLED_WRITE_KEY = "sandbox-segment-throttled-write-key";

export interface Source {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  writeKeys: string[];
  catalog: { id: string; name: string; slug: string; categories: string[] };
  labels: Array<{ key: string; value: string }>;
  trackingPlanId: string | null;
  /** Requests a second this source accepts before 429 (default: the stand-in's). */
  requestsPerSecond?: number;
}

export interface Destination {
  id: string;
  name: string;
  enabled: boolean;
  sourceId: string;
  catalog: { id: string; name: string; slug: string; categories: string[] };
}

const node = { id: "catalog_node", name: "Node.js", slug: "node-js", categories: ["Server"] };
const web = { id: "catalog_js", name: "Javascript", slug: "javascript", categories: ["Website"] };

export function seedSources(): Source[] {
  return [
    {
      id: "src_server",
      slug: "node-server",
      name: "Node server",
      enabled: true,
      writeKeys: [SEGMENT_WRITE_KEY],
      catalog: node,
      labels: [{ key: "environment", value: "prod" }],
      trackingPlanId: "tp_main",
    },
    {
      id: "src_web",
      slug: "web-app",
      name: "Web app",
      enabled: true,
      writeKeys: ["sandbox-segment-web-write-key", "sandbox-segment-web-write-key-2"],
      catalog: web,
      labels: [],
      trackingPlanId: null,
    },
    {
      id: "src_throttled",
      slug: "throttled",
      name: "Throttled source",
      enabled: true,
      writeKeys: [THROTTLED_WRITE_KEY],
      catalog: node,
      labels: [],
      trackingPlanId: null,
      requestsPerSecond: 0,
    },
    {
      id: "src_legacy",
      slug: "legacy-site",
      name: "Legacy site",
      enabled: false,
      writeKeys: ["sandbox-segment-legacy-write-key"],
      catalog: web,
      labels: [],
      trackingPlanId: null,
    },
  ];
}

export function seedDestinations(): Destination[] {
  const amplitude = {
    id: "catalog_amplitude",
    name: "Amplitude",
    slug: "actions-amplitude",
    categories: ["Analytics"],
  };
  const warehouse = {
    id: "catalog_s3",
    name: "Amazon S3",
    slug: "amazon-s3",
    categories: ["Raw Data"],
  };
  const mixpanel = {
    id: "catalog_mixpanel",
    name: "Mixpanel",
    slug: "actions-mixpanel",
    categories: ["Analytics"],
  };
  return [
    {
      id: "dst_amplitude",
      name: "Amplitude (prod)",
      enabled: true,
      sourceId: "src_server",
      catalog: amplitude,
    },
    {
      id: "dst_s3",
      name: "Raw events to S3",
      enabled: true,
      sourceId: "src_server",
      catalog: warehouse,
    },
    {
      id: "dst_mixpanel",
      name: "Mixpanel",
      enabled: false,
      sourceId: "src_server",
      catalog: mixpanel,
    },
    {
      id: "dst_web_amplitude",
      name: "Amplitude (web)",
      enabled: true,
      sourceId: "src_web",
      catalog: amplitude,
    },
  ];
}
