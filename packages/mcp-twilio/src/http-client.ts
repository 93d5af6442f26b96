import type twilio from "twilio";
import { requestSignal } from "./request-signal.js";

type RequestClient = twilio.RequestClient;
type RequestOptions = Parameters<RequestClient["request"]>[0];

/** A Twilio API answer of status 400 or more, with what the body and headers said. */
export class TwilioApiError extends Error {
  readonly status: number;
  /** Twilio's numeric error code (20003, 20404, 21211, ...), when the body had one. */
  readonly code: number | undefined;
  readonly moreInfo: string | undefined;
  readonly headers: Headers;

  constructor(status: number, body: unknown, headers: Headers) {
    const parsed = (body ?? {}) as { code?: unknown; message?: unknown; more_info?: unknown };
    super(typeof parsed.message === "string" ? parsed.message : `HTTP ${status}`);
    this.name = "TwilioApiError";
    this.status = status;
    this.code = typeof parsed.code === "number" ? parsed.code : undefined;
    this.moreInfo = typeof parsed.more_info === "string" ? parsed.more_info : undefined;
    this.headers = headers;
  }
}

export interface FetchRequestClientOptions {
  fetch: typeof globalThis.fetch;
  /** Sends every product's requests (api, lookups, verify) to this origin instead (the sandbox). */
  baseUrl?: string | undefined;
  timeoutMs?: number;
}

/**
 * The SDK's extension point for HTTP (`httpClient`), on fetch: the SDK still builds every URL,
 * form body, query and Basic auth header itself; this client only moves the request to
 * `baseUrl` when one is set, and turns answers of 400 or more into TwilioApiError with their
 * headers (the SDK's RestException drops Retry-After).
 */
export class FetchRequestClient {
  constructor(private readonly options: FetchRequestClientOptions) {}

  async request(opts: RequestOptions) {
    const url = new URL(opts.uri ?? "");
    if (this.options.baseUrl) {
      const base = new URL(this.options.baseUrl);
      url.protocol = base.protocol;
      url.host = base.host;
      url.pathname = `${base.pathname.replace(/\/$/, "")}${url.pathname}`;
    }
    for (const [key, value] of formEntries(opts.params)) url.searchParams.append(key, value);
    const headers = new Headers();
    for (const [key, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === "string") headers.set(key, value);
    }
    headers.delete("connection");
    if (opts.username && opts.password) {
      const basic = Buffer.from(`${opts.username}:${opts.password}`).toString("base64");
      headers.set("authorization", `Basic ${basic}`);
    } else if (opts.authStrategy) {
      headers.set("authorization", await opts.authStrategy.getAuthString());
    }
    const method = (opts.method ?? "get").toUpperCase();
    // Form-encoded, as the SDK's own client does, unless the SDK asked for JSON (newer APIs).
    const json = headers.get("content-type")?.startsWith("application/json") === true;
    const body =
      opts.data && method !== "GET"
        ? json
          ? JSON.stringify(opts.data)
          : new URLSearchParams(formEntries(opts.data)).toString()
        : undefined;
    const response = await this.options.fetch(url, {
      method,
      headers,
      body,
      redirect: opts.allowRedirects ? "follow" : "manual",
      signal: withCall(AbortSignal.timeout(opts.timeout ?? this.options.timeoutMs ?? 30_000)),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.status >= 400) throw new TwilioApiError(response.status, parsed, response.headers);
    return {
      statusCode: response.status,
      body: parsed ?? text,
      headers: Object.fromEntries(response.headers),
    };
  }
}

/** The timeout, and the calling tool's signal when there is one (a cancelled MCP call). */
function withCall(timeout: AbortSignal): AbortSignal {
  const call = requestSignal.getStore();
  return call ? AbortSignal.any([timeout, call]) : timeout;
}

/** Form fields as the SDK's own client sends them: arrays repeat the key, undefined is dropped. */
function formEntries(data: object | undefined): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(data ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      entries.push([key, item instanceof Date ? item.toISOString() : String(item)]);
    }
  }
  return entries;
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
