import type { Context, Hono } from "hono";
import type { Source } from "./data.js";

/** Segment's limits: 32 KB an event, 500 KB a request. */
const MAX_EVENT_BYTES = 32 * 1024;
const MAX_BATCH_BYTES = 500 * 1024;
const TYPES = new Set(["track", "identify", "page", "screen", "group", "alias"]);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An event Segment accepted, with the source it arrived at. */
export interface StoredEvent {
  sourceId: string;
  receivedAt: string;
  message: Record<string, unknown>;
}

/** A request refused at ingest, counted by Delivery Overview's failed-on-ingest. */
export interface IngestFailure {
  sourceId: string;
  at: string;
  reason: string;
}

export interface TrackingState {
  sources: Source[];
  events: StoredEvent[];
  failures: IngestFailure[];
  /** Requests allowed per write key per second before 429 with Retry-After. */
  requestsPerSecond: number;
}

function fail(c: Context, status: 400 | 401 | 429, code: string, message: string) {
  return c.json({ success: false, code, message }, status);
}

/** The write key from HTTP Basic auth (`base64(writeKey:)`), or the body's writeKey. */
function writeKeyOf(c: Context, body: Record<string, unknown> | undefined): string | undefined {
  const auth = c.req.header("authorization");
  if (auth?.startsWith("Basic ")) {
    const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
    return decoded.split(":")[0];
  }
  return typeof body?.writeKey === "string" ? body.writeKey : undefined;
}

/** Why Segment would refuse this message, or undefined. */
function problemOf(message: unknown, type: string): string | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    return "each message must be a JSON object";
  }
  const m = message as Record<string, unknown>;
  if (!TYPES.has(type)) return `unknown type ${JSON.stringify(type)}`;
  if (type === "alias") {
    if (typeof m.userId !== "string" || typeof m.previousId !== "string") {
      return "alias needs userId and previousId";
    }
  } else if (typeof m.userId !== "string" && typeof m.anonymousId !== "string") {
    return "userId or anonymousId is required";
  }
  if (type === "track" && (typeof m.event !== "string" || m.event === "")) {
    return "track needs an event name";
  }
  if (type === "group" && typeof m.groupId !== "string") return "group needs a groupId";
  if (
    m.timestamp !== undefined &&
    (typeof m.timestamp !== "string" || !ISO_8601.test(m.timestamp))
  ) {
    return "timestamp must be an ISO 8601 date";
  }
  for (const key of ["properties", "traits", "context"]) {
    const value = m[key];
    if (
      value !== undefined &&
      (typeof value !== "object" || value === null || Array.isArray(value))
    ) {
      return `${key} must be a JSON object`;
    }
  }
  const size = Buffer.byteLength(JSON.stringify(m));
  if (size > MAX_EVENT_BYTES) {
    return `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES} bytes (32 KB)`;
  }
  return undefined;
}

/**
 * Segment's tracking HTTP API (api.segment.io/v1): /v1/batch and one path per call type, Basic
 * auth of the write key, 400 for malformed or oversized bodies, 401 for an unknown key, 429 with
 * Retry-After past the rate limit. Accepted events are kept; a repeated messageId is accepted
 * and dropped, as Segment dedupes.
 */
export function trackingRoutes(app: Hono, state: TrackingState): void {
  const windows = new Map<string, { second: number; count: number }>();
  const handle = async (c: Context, type: string | undefined) => {
    const text = await c.req.text();
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      body = undefined;
    }
    const writeKey = writeKeyOf(c, body);
    const source = state.sources.find((s) => writeKey && s.writeKeys.includes(writeKey));
    if (!source?.enabled) {
      return fail(c, 401, "invalid_write_key", "Invalid write key");
    }
    const second = Math.floor(Date.now() / 1000);
    const window = windows.get(source.id);
    const limit = source.requestsPerSecond ?? state.requestsPerSecond;
    if ((window?.second === second && window.count >= limit) || limit === 0) {
      c.header("Retry-After", "1");
      return fail(
        c,
        429,
        "rate_limited",
        "Too many requests for this source; retry after 1 second",
      );
    }
    windows.set(source.id, { second, count: window?.second === second ? window.count + 1 : 1 });
    const refuse = (reason: string) => {
      state.failures.push({ sourceId: source.id, at: new Date().toISOString(), reason });
      return fail(c, 400, "invalid_request", reason);
    };
    if (Buffer.byteLength(text) > MAX_BATCH_BYTES) {
      return refuse(
        `request is ${Buffer.byteLength(text)} bytes; the limit is ${MAX_BATCH_BYTES} bytes (500 KB)`,
      );
    }
    if (!body) return refuse("Invalid JSON: the body must be a JSON object");
    const messages = type === undefined ? body.batch : [body];
    if (!Array.isArray(messages) || messages.length === 0) {
      return refuse("batch must be a non-empty array of messages");
    }
    for (const [index, message] of messages.entries()) {
      const messageType = type ?? (message as { type?: unknown })?.type;
      const problem = problemOf(message, String(messageType));
      if (problem) return refuse(type === undefined ? `batch[${index}]: ${problem}` : problem);
    }
    const receivedAt = new Date().toISOString();
    for (const message of messages as Array<Record<string, unknown>>) {
      const stored: Record<string, unknown> = { ...message, type: type ?? message.type };
      const id = stored.messageId;
      const duplicate = state.events.some(
        (e) => e.sourceId === source.id && id !== undefined && e.message.messageId === id,
      );
      if (!duplicate) state.events.push({ sourceId: source.id, receivedAt, message: stored });
    }
    return c.json({ success: true });
  };
  app.post("/v1/batch", (c) => handle(c, undefined));
  app.post("/v1/import", (c) => handle(c, undefined));
  for (const type of TYPES) app.post(`/v1/${type}`, (c) => handle(c, type));
  app.post("/v1/p", (c) => handle(c, "page"));
}
