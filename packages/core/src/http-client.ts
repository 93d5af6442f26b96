import { PlatformError } from "./errors.js";
import { errorFromStatus } from "./status-errors.js";

/** A non-2xx answer from a REST API, with its parsed body, for a platform's mapError. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export interface JsonClientOptions {
  baseUrl: string;
  headers: Record<string, string>;
  /** Query parameters added to every request (e.g. a team id). */
  query?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  /** Per-request time limit (default 30 s). */
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Headers for this request only, e.g. `{ "idempotency-key": ctx.idempotencyKey }`. */
  headers?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** A small JSON-over-HTTP client for REST platforms: one place for URLs, timeouts and HTTP errors. */
export class JsonClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: JsonClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const url = new URL(path.replace(/^\//, ""), `${this.options.baseUrl.replace(/\/?$/, "/")}`);
    for (const [key, value] of Object.entries({ ...this.options.query, ...options.query })) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: "application/json", ...this.options.headers };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    if (options.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
    } catch (err) {
      if (timeout.aborted) {
        throw new PlatformError(
          "timeout",
          `${method} ${url.pathname} took longer than ${(this.options.timeoutMs ?? 30_000) / 1000} s`,
        );
      }
      if (options.signal?.aborted) throw err;
      throw new PlatformError(
        "upstream_unavailable",
        `cannot reach ${url.origin}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const text = await response.text();
    const body = text === "" ? undefined : safeJson(text);
    if (!response.ok) {
      throw new HttpError(
        response.status,
        body,
        response.headers,
        `${method} ${url.pathname} answered ${response.status}`,
      );
    }
    return body as T;
  }
}

/** Default mapping of an HttpError to the envelope (see errorFromStatus), for simple bodies. */
export function httpErrorToPlatformError(
  err: HttpError,
  message?: string,
  platformCode?: string,
): PlatformError {
  return errorFromStatus({
    status: err.status,
    headers: err.headers,
    message: message ?? err.message,
    cause: err,
    platformCode,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
