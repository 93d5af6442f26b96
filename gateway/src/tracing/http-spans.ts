import diagnostics from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";
import { context, type Span, SpanKind, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { isTracingSuppressed } from "@opentelemetry/core";
import { ATTR } from "./attributes.js";
import { activeMeshTracer } from "./mesh-context.js";

/**
 * One span per outgoing HTTP request made during a traced call, whatever made it (a platform
 * SDK on node:http, or fetch/undici), from Node's diagnostics channels: nothing is patched, and
 * requests outside a call (the exporter's own) are not traced. Method, host, port, path and
 * status only: never headers or the query string, where credentials travel.
 */
const open = new WeakMap<object, Span>();
let users = 0;

export function traceHttpRequests(): () => void {
  users += 1;
  if (users === 1) for (const [name, listener] of LISTENERS) diagnostics.subscribe(name, listener);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users -= 1;
    if (users === 0)
      for (const [name, listener] of LISTENERS) diagnostics.unsubscribe(name, listener);
  };
}

function start(key: object, tracer: Tracer, method: string, url: URL): void {
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const span = tracer.startSpan(
    method,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR.httpMethod]: method,
        [ATTR.serverAddress]: url.hostname,
        [ATTR.serverPort]: port,
        [ATTR.urlScheme]: url.protocol.replace(":", ""),
        [ATTR.urlPath]: url.pathname,
      },
    },
    context.active(),
  );
  open.set(key, span);
}

function finish(key: object, status: number | undefined, error?: unknown): void {
  const span = open.get(key);
  if (!span) return;
  open.delete(key);
  if (status !== undefined) span.setAttribute(ATTR.httpStatus, status);
  if (error !== undefined || (status !== undefined && status >= 400)) {
    const type =
      error instanceof Error ? (error as { code?: string }).code || error.name : String(status);
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function tracerNow(): Tracer | undefined {
  const active = context.active();
  return isTracingSuppressed(active) ? undefined : activeMeshTracer(active);
}

const LISTENERS: Array<[string, (message: unknown) => void]> = [
  [
    "http.client.request.start",
    (message) => {
      const tracer = tracerNow();
      if (!tracer) return;
      const request = (message as { request: ClientRequest }).request;
      const host = request.host || "localhost";
      const scheme = (request as { protocol?: string }).protocol ?? "http:";
      const port = (request as unknown as { socketPath?: string }).socketPath
        ? ""
        : portOf(request);
      try {
        start(
          request,
          tracer,
          request.method,
          new URL(`${scheme}//${host}${port}${request.path.split("?")[0]}`),
        );
      } catch {
        // A request whose URL cannot be read is left untraced rather than break the call.
      }
    },
  ],
  [
    "http.client.response.finish",
    (message) => {
      const { request, response } = message as {
        request: ClientRequest;
        response: IncomingMessage;
      };
      finish(request, response.statusCode);
    },
  ],
  [
    "http.client.request.error",
    (message) => {
      const { request, error } = message as { request: ClientRequest; error: unknown };
      finish(request, undefined, error);
    },
  ],
  [
    "undici:request:create",
    (message) => {
      const tracer = tracerNow();
      if (!tracer) return;
      const request = (message as { request: { method: string; origin: string; path: string } })
        .request;
      try {
        start(
          request,
          tracer,
          request.method,
          new URL(request.path.split("?")[0] ?? "/", request.origin),
        );
      } catch {
        // As above: untraced, never broken.
      }
    },
  ],
  [
    "undici:request:headers",
    (message) => {
      const { request, response } = message as {
        request: object;
        response: { statusCode: number };
      };
      finish(request, response.statusCode);
    },
  ],
  [
    "undici:request:error",
    (message) => {
      const { request, error } = message as { request: object; error: unknown };
      finish(request, undefined, error);
    },
  ],
];

function portOf(request: ClientRequest): string {
  const agent = request as unknown as { agent?: { defaultPort?: number }; socket?: unknown };
  const header = request.getHeader("host");
  if (typeof header === "string" && header.includes(":")) return `:${header.split(":").pop()}`;
  return agent.agent?.defaultPort ? `:${agent.agent.defaultPort}` : "";
}
