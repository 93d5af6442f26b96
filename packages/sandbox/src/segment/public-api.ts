import type { Context, Hono } from "hono";
import { type Destination, SEGMENT_WORKSPACE_ID, type Source } from "./data.js";
import type { TrackingState } from "./tracking.js";

type Status = 400 | 401 | 404;

/** The Public API's error body: `{ errors: [{ type, message, field? }] }`. */
function apiError(c: Context, status: Status, type: string, message: string, field?: string) {
  return c.json({ errors: [{ type, message, ...(field ? { field } : {}) }] }, status);
}

/**
 * A query parameter as the SDK sends it: `pagination[count]` (the SDK's `qs` encoding),
 * `pagination.count` (the documented form), and arrays as `groupBy[0]` or a comma list.
 */
function param(c: Context, name: string): string | undefined {
  const query = c.req.query();
  return query[name] ?? query[name.replace(/\.(\w+)$/, "[$1]")];
}

function list(c: Context, name: string): string[] {
  const query = c.req.query();
  const direct = query[name]?.split(",") ?? [];
  const indexed = Object.entries(query)
    .filter(([key]) => key.startsWith(`${name}[`))
    .map(([, value]) => value);
  return [...direct, ...indexed].filter((v) => v !== "");
}

/** Cursor pagination: `pagination.count` (1-200, required) and an opaque `pagination.cursor`. */
function paginate<T>(c: Context, items: T[]) {
  const count = Number(param(c, "pagination.count"));
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    return {
      error: apiError(
        c,
        400,
        "validation",
        "pagination.count must be an integer from 1 to 200",
        "pagination.count",
      ),
    };
  }
  const cursor = param(c, "pagination.cursor");
  const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    return {
      error: apiError(c, 400, "validation", "pagination.cursor is not valid", "pagination.cursor"),
    };
  }
  const end = start + count;
  return {
    page: items.slice(start, end),
    pagination: {
      current: Buffer.from(String(start)).toString("base64url"),
      next: end < items.length ? Buffer.from(String(end)).toString("base64url") : null,
      totalEntries: items.length,
    },
  };
}

function sourceBody(s: Source) {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    workspaceId: SEGMENT_WORKSPACE_ID,
    enabled: s.enabled,
    writeKeys: s.writeKeys,
    settings: {},
    labels: s.labels,
    metadata: {
      ...s.catalog,
      description: `${s.catalog.name} source`,
      logos: { default: "" },
      options: [],
      isCloudEventSource: false,
    },
  };
}

function destinationBody(d: Destination) {
  return {
    id: d.id,
    name: d.name,
    enabled: d.enabled,
    sourceId: d.sourceId,
    settings: {},
    // Every field DestinationMetadataV1 marks required in the Public API's description.
    metadata: {
      ...d.catalog,
      description: `${d.catalog.name} destination`,
      status: "PUBLIC",
      logos: { default: "" },
      options: [],
      previousNames: [d.catalog.name],
      website: "",
      components: [],
      supportedFeatures: {},
      supportedMethods: { track: true, identify: true, page: true, group: true, alias: true },
      supportedPlatforms: { server: true, browser: true, mobile: true },
      actions: [],
      presets: [],
    },
  };
}

const GRANULARITY_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const MAX_RANGE_MS = { minute: 4 * 3_600_000, hour: 14 * 86_400_000, day: 30 * 86_400_000 };

/** Delivery Overview metrics, counted from what the tracking routes received and refused. */
function metrics(c: Context, state: TrackingState, kind: "received" | "failed") {
  const sourceId = param(c, "sourceId");
  const startTime = param(c, "startTime");
  const endTime = param(c, "endTime");
  const granularity = param(c, "granularity") as keyof typeof GRANULARITY_MS | undefined;
  if (!sourceId) return apiError(c, 400, "validation", "sourceId is required", "sourceId");
  const from = Date.parse(startTime ?? "");
  const to = Date.parse(endTime ?? "");
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
    return apiError(
      c,
      400,
      "validation",
      "startTime and endTime must be ISO 8601 dates, startTime first",
      "startTime",
    );
  }
  if (!granularity || !(granularity in GRANULARITY_MS)) {
    return apiError(c, 400, "validation", "granularity must be minute, hour or day", "granularity");
  }
  if (to - from > MAX_RANGE_MS[granularity]) {
    return apiError(
      c,
      400,
      "validation",
      `the time range is too long for granularity ${granularity}`,
      "endTime",
    );
  }
  if (!state.sources.some((s) => s.id === sourceId)) {
    return apiError(c, 404, "not-found", `Source ${sourceId} not found`);
  }
  const step = GRANULARITY_MS[granularity];
  const first = Math.floor(from / step) * step;
  const items =
    kind === "received"
      ? state.events
          .filter((e) => e.sourceId === sourceId)
          .map((e) => ({
            at: Date.parse(e.receivedAt),
            name: String(e.message.event ?? e.message.type),
          }))
      : state.failures
          .filter((f) => f.sourceId === sourceId)
          .map((f) => ({ at: Date.parse(f.at), name: f.reason }));
  const inRange = items.filter((i) => i.at >= from && i.at < to);
  const byEvent = list(c, "groupBy").includes("eventName");
  const groups = new Map<string | undefined, number[]>();
  for (const item of inRange) {
    const key = byEvent ? item.name : undefined;
    const times = groups.get(key) ?? [];
    times.push(item.at);
    groups.set(key, times);
  }
  if (!byEvent && groups.size === 0) groups.set(undefined, []);
  const dataset = [...groups].map(([name, times]) => {
    const series = [];
    for (let t = first; t < to; t += step) {
      series.push({
        time: new Date(t).toISOString(),
        count: times.filter((x) => x >= t && x < t + step).length,
      });
    }
    return {
      ...(name === undefined
        ? {}
        : kind === "received"
          ? { eventName: name }
          : { discardReason: name }),
      total: times.length,
      series,
    };
  });
  const paged = paginate(c, dataset);
  if (paged.error) return paged.error;
  return c.json({
    data: { total: inRange.length, dataset: paged.page, pagination: paged.pagination },
  });
}

/**
 * Segment's Public API (api.segmentapis.com): sources, destinations and Delivery Overview with
 * bearer tokens, cursor pagination and `{ errors: [...] }` bodies.
 */
export function publicApiRoutes(
  app: Hono,
  state: TrackingState & { destinations: Destination[]; token: string },
): void {
  const authed = (handler: (c: Context) => Response | Promise<Response>) => (c: Context) =>
    c.req.header("authorization") === `Bearer ${state.token}`
      ? handler(c)
      : apiError(c, 401, "unauthorized", "The token is missing, invalid or expired");
  app.get(
    "/sources",
    authed((c) => {
      const paged = paginate(c, state.sources);
      if (paged.error) return paged.error;
      return c.json({
        data: { sources: paged.page.map(sourceBody), pagination: paged.pagination },
      });
    }),
  );
  app.get(
    "/sources/:id",
    authed((c) => {
      const source = state.sources.find((s) => s.id === c.req.param("id"));
      if (!source) return apiError(c, 404, "not-found", `Source ${c.req.param("id")} not found`);
      return c.json({
        data: { source: sourceBody(source), trackingPlanId: source.trackingPlanId },
      });
    }),
  );
  app.get(
    "/sources/:id/connected-destinations",
    authed((c) => {
      const id = c.req.param("id");
      if (!state.sources.some((s) => s.id === id)) {
        return apiError(c, 404, "not-found", `Source ${id} not found`);
      }
      const paged = paginate(
        c,
        state.destinations.filter((d) => d.sourceId === id),
      );
      if (paged.error) return paged.error;
      return c.json({
        data: { destinations: paged.page.map(destinationBody), pagination: paged.pagination },
      });
    }),
  );
  app.get(
    "/destinations",
    authed((c) => {
      const paged = paginate(c, state.destinations);
      if (paged.error) return paged.error;
      return c.json({
        data: { destinations: paged.page.map(destinationBody), pagination: paged.pagination },
      });
    }),
  );
  app.get(
    "/delivery-overview/successfully-received",
    authed((c) => metrics(c, state, "received")),
  );
  app.get(
    "/delivery-overview/failed-on-ingest",
    authed((c) => metrics(c, state, "failed")),
  );
}
