import { Analytics } from "@segment/analytics-node";
import type { Message } from "./messages.js";

/** How Segment answered a request, kept to explain a failed delivery. */
export interface TrackingAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A delivery Segment refused, with its status, headers and body (mapped in errors.ts). */
export class TrackingError extends Error {
  constructor(
    readonly answer: TrackingAnswer,
    message: string,
  ) {
    super(message);
    this.name = "TrackingError";
  }
}

export interface TrackerOptions {
  writeKey: string;
  host: string;
  maxRetries: number;
  rateLimitWaitSeconds: number;
  fetch: typeof globalThis.fetch;
}

/** What happened to one message: delivered, or the reason it was not. */
export type Outcome = { delivered: true } | { delivered: false; error: unknown };

/** Most a flush may take before the library gives up on it (its own abort). */
const FLUSH_TIMEOUT_MS = 120_000;

/**
 * Sends messages through @segment/analytics-node and resolves only when Segment answered: one
 * Analytics instance per call, its batch sized to the call, flushed with closeAndFlush, each
 * message's callback awaited. The library retries 5xx and network failures with backoff and
 * waits out 429s (Retry-After); a 400 or 401 fails at once. Nothing is dropped silently.
 */
export class Tracker {
  constructor(private readonly options: TrackerOptions) {}

  async send(messages: readonly Message[]): Promise<Outcome[]> {
    // Segment's last answer to the request that carried each message (the library may split a
    // call into several requests), to explain a failed delivery with its status and body.
    const answers = new Map<string, TrackingAnswer>();
    const fetch = this.options.fetch;
    const analytics = new Analytics({
      writeKey: this.options.writeKey,
      host: this.options.host,
      path: "/v1/batch",
      flushAt: Math.max(1, messages.length),
      flushInterval: FLUSH_TIMEOUT_MS,
      maxRetries: this.options.maxRetries,
      maxRateLimitDuration: this.options.rateLimitWaitSeconds,
      httpClient: async (url, init) => {
        const response = await fetch(url, init);
        const answer = {
          status: response.status,
          headers: response.headers,
          body: parse(await response.clone().text()),
        };
        for (const id of messageIds(init.body)) answers.set(id, answer);
        return response;
      },
    });
    // Outcomes come from the library's events, emitted as soon as Segment answered (a callback
    // would add the library's legacy 300 ms delay). This instance sends only this call's messages.
    const outcomes = new Map<string, Outcome>();
    for (const type of TYPES) {
      analytics.on(type, (ctx) => outcomes.set(ctx.event.messageId ?? "", { delivered: true }));
    }
    analytics.on("error", (failure) => {
      const id = "ctx" in failure ? failure.ctx?.event.messageId : undefined;
      if (id !== undefined) outcomes.set(id, { delivered: false, error: failure.reason });
    });
    for (const message of messages) dispatch(analytics, message);
    await analytics.closeAndFlush({ timeout: FLUSH_TIMEOUT_MS });
    return messages.map((message) => {
      const outcome = outcomes.get(message.messageId) ?? {
        delivered: false as const,
        error: new Error("Flush timeout"),
      };
      const answer = answers.get(message.messageId);
      return outcome.delivered || !answer || answer.status < 400
        ? outcome
        : { delivered: false, error: new TrackingError(answer, reasonOf(outcome.error)) };
    });
  }
}

const TYPES = ["track", "identify", "page", "group", "alias"] as const;

function dispatch(analytics: Analytics, message: Message): void {
  const { type, ...params } = message;
  switch (type) {
    case "track":
      analytics.track(params as Parameters<Analytics["track"]>[0]);
      return;
    case "identify":
      analytics.identify(params as Parameters<Analytics["identify"]>[0]);
      return;
    case "page":
      analytics.page(params as Parameters<Analytics["page"]>[0]);
      return;
    case "group":
      analytics.group(params as Parameters<Analytics["group"]>[0]);
      return;
    case "alias":
      analytics.alias(params as Parameters<Analytics["alias"]>[0]);
      return;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The messageIds in a /v1/batch request body. */
function messageIds(body: unknown): string[] {
  const batch = (parse(typeof body === "string" ? body : "") as { batch?: unknown })?.batch;
  if (!Array.isArray(batch)) return [];
  return batch
    .map((m) => (m as { messageId?: unknown })?.messageId)
    .filter((id): id is string => typeof id === "string");
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
