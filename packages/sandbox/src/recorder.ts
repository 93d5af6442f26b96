import type { MiddlewareHandler } from "hono";

export interface RecordedRequest {
  platform: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
}

/** Keeps every request a stand-in received, so tests can assert on what the SDK really sent. */
export class Recorder {
  readonly requests: RecordedRequest[] = [];

  middleware(platform: string): MiddlewareHandler {
    return async (c, next) => {
      const text = ["GET", "HEAD"].includes(c.req.method) ? "" : await c.req.raw.clone().text();
      const entry: RecordedRequest = {
        platform,
        method: c.req.method,
        path: c.req.path,
        query: c.req.query(),
        headers: c.req.header(),
        body: parseBody(text),
      };
      this.requests.push(entry);
      await next();
      entry.status = c.res.status;
    };
  }

  /** Requests to one platform, optionally only those whose path matches. */
  to(platform: string, path?: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.platform === platform &&
        (path === undefined || (typeof path === "string" ? r.path === path : path.test(r.path))),
    );
  }

  clear(): void {
    this.requests.length = 0;
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
