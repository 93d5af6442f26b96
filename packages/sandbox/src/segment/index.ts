import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import {
  SEGMENT_PUBLIC_API_TOKEN,
  SEGMENT_WRITE_KEY,
  seedDestinations,
  seedSources,
} from "./data.js";
import { publicApiRoutes } from "./public-api.js";
import { type TrackingState, trackingRoutes } from "./tracking.js";

export type { IngestFailure, StoredEvent } from "./tracking.js";

/**
 * Stand-in for Segment's two APIs on one port: the tracking API (/v1/batch, /v1/track ...) and
 * the Public API (/sources, /destinations, /delivery-overview/...). What arrived is readable at
 * GET /_sandbox/events (no auth; the sandbox binds to 127.0.0.1) for tests and the dashboard.
 */
export const segment = defineStandIn({
  name: "segment",
  title: "Segment",
  credentials: { SEGMENT_WRITE_KEY, SEGMENT_PUBLIC_API_TOKEN },
  env: (url) => ({
    SEGMENT_WRITE_KEY,
    SEGMENT_PUBLIC_API_TOKEN,
    SEGMENT_TRACKING_URL: url,
    SEGMENT_PUBLIC_API_URL: url,
  }),
  createApp: ({ recorder, faults }) => {
    const state: TrackingState = {
      sources: seedSources(),
      events: [],
      failures: [],
      requestsPerSecond: 200,
    };
    const app = new Hono();
    app.use("*", recorder.middleware("segment"));
    app.use("*", faults.middleware("segment"));
    app.get("/_sandbox/events", (c) => c.json({ events: state.events, failures: state.failures }));
    trackingRoutes(app, state);
    publicApiRoutes(app, {
      ...state,
      destinations: seedDestinations(),
      token: SEGMENT_PUBLIC_API_TOKEN,
    });
    app.notFound((c) =>
      c.json(
        { errors: [{ type: "not-found", message: `No route ${c.req.method} ${c.req.path}` }] },
        404,
      ),
    );
    return app;
  },
});
