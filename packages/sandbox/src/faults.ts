import type { MiddlewareHandler } from "hono";

/** Which requests a fault applies to; every given field must match. */
export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
  /** A header and the value it must have, e.g. `["x-amz-target", "AWSEvents.PutEvents"]`. */
  header?: readonly [name: string, value: string];
}

export interface Fault {
  platform: string;
  match?: FaultMatch;
  /** The response the platform would give: its status, headers and error body. */
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** How many matching requests fail before the fault clears (default 1). */
  times?: number;
}

/**
 * Failures that tests inject (throttling, outages) so error paths run against the real SDKs.
 * A fault answers matching requests with the platform's own error shape, then clears.
 */
export class Faults {
  private readonly pending: Array<Fault & { left: number }> = [];

  add(fault: Fault): void {
    this.pending.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  middleware(platform: string): MiddlewareHandler {
    return async (c, next) => {
      const index = this.pending.findIndex(
        (f) =>
          f.platform === platform &&
          f.left > 0 &&
          matches(f.match, c.req.method, c.req.path, (name) => c.req.header(name)),
      );
      const fault = this.pending[index];
      if (!fault) return next();
      fault.left -= 1;
      if (fault.left === 0) this.pending.splice(index, 1);
      const body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body);
      return new Response(body, { status: fault.status, headers: fault.headers });
    };
  }
}

function matches(
  match: FaultMatch | undefined,
  method: string,
  path: string,
  header: (name: string) => string | undefined,
): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path !== undefined) {
    const ok = typeof match.path === "string" ? match.path === path : match.path.test(path);
    if (!ok) return false;
  }
  if (match.header && header(match.header[0]) !== match.header[1]) return false;
  return true;
}
