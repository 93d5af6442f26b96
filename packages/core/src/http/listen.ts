import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { Hono } from "hono";
import type { Caller } from "../caller.js";
import { loopbackAllowList } from "./host-origin.js";
import { rpcError } from "./json-rpc.js";
import { createMcpEndpoint, type McpEndpointOptions, reply } from "./mcp-endpoint.js";
import {
  type BearerVerifier,
  type ClientCredential,
  createRequestGuard,
  type GuardResult,
} from "./request-guard.js";
import type { SessionStore } from "./shared-sessions.js";

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/** A route served beside /mcp, behind the same Host/Origin checks and bearer tokens. */
export interface HttpRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** An exact path ("/metrics"), or a prefix ending in "/*" ("/hooks/*"). */
  path: string;
  /**
   * "optional": a request without an Authorization header still reaches the route (Host and
   * Origin are checked as ever, and a wrong token is still refused), with the unauthenticated
   * caller (see UNAUTHENTICATED): the route signs people in itself, e.g. the dashboard's cookie.
   */
  tokens?: "required" | "optional";
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller): void | Promise<void>;
  /** Served without a bearer token (still behind the Host/Origin checks): OAuth metadata, and
   * platforms' webhooks, which carry a signature the route checks itself. */
  public?: boolean;
}

export interface McpHttpOptions {
  /** Builds a fresh MCP server for each session, for the caller who opened it. */
  createServer: (caller: Caller) => Server;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Host header values accepted besides loopback ones (e.g. "mesh.internal:7420"). */
  allowedHosts?: string[];
  /** Browser origins accepted besides loopback ones. */
  allowedOrigins?: string[];
  /** Bearer tokens; when these or clients are set, every request needs one. */
  tokens?: string[];
  /** Named clients, each with its token's digest: the caller of a request is the one that matched. */
  clients?: ClientCredential[];
  /** Checks bearer tokens beyond tokens and clients (OAuth access tokens, API keys). */
  verify?: BearerVerifier;
  /**
   * Extra WWW-Authenticate parameters of a 401 for this request, e.g.
   * `resource_metadata="https://mesh.example.com/.well-known/oauth-protected-resource/mcp"`.
   */
  challenge?: (req: IncomingMessage) => string;
  /** Whether a peer is a proxy whose X-Forwarded-For names the real caller (see clientAddress). */
  trustProxy?: (address: string) => boolean;
  /** Routes besides /mcp and /health (e.g. /metrics, /dashboard, /hooks/*). */
  routes?: HttpRoute[];
  /** Extra JSON for GET /health. */
  health?: () => Record<string, unknown>;
  /** Sessions with no request for this long are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /** Shares session metadata with other servers, so sessions survive a change of replica. */
  sessionStore?: SessionStore;
  /** Session caps and expiry, and who counts as one client (see McpEndpointOptions). */
  sessions?: McpEndpointOptions;
}

export interface McpHttpServer {
  url: string;
  port: number;
  /** Open sessions. */
  readonly sessions: number;
  close(): Promise<void>;
}

/** The one route served without a token: `{"status":"ok"|"degraded"}`, always 200 while serving. */
export const LIVENESS_PATH = "/healthz";

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith("/*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** Why the server could not listen, in words a user can act on. */
export class ListenError extends Error {}

/**
 * Serves MCP over Streamable HTTP: /mcp on node:http directly (the hot path), every other route
 * (GET /health) through a Hono app. Host/Origin (DNS-rebinding protection) and bearer tokens are
 * checked first, for every route.
 */
export async function listenMcpHttp(options: McpHttpOptions): Promise<McpHttpServer> {
  let port = options.port;
  const host =
    options.host.includes(":") && !options.host.startsWith("[")
      ? `[${options.host}]`
      : options.host;
  const guard = createRequestGuard(() => {
    const loopback = loopbackAllowList(port);
    // A server on a specific address answers to that address too (not to a wildcard's).
    const own = WILDCARDS.has(options.host) ? [] : [`${host}:${port}`];
    return {
      hosts: [...loopback.allowedHosts, ...own, ...(options.allowedHosts ?? [])],
      origins: [
        ...loopback.allowedOrigins,
        ...own.map((h) => `http://${h}`),
        ...(options.allowedOrigins ?? []),
      ],
      tokens: options.tokens ?? [],
      clients: options.clients ?? [],
      ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
      ...(options.verify ? { verify: options.verify } : {}),
    };
  });
  const routes = options.routes ?? [];
  const endpoint = createMcpEndpoint(options.createServer, {
    idleMs: options.sessionIdleMs,
    ...options.sessions,
    ...(options.sessionStore ? { store: options.sessionStore } : {}),
  });
  const app = new Hono();
  app.get("/health", (c) =>
    c.json({ status: "ok", sessions: endpoint.sessions, ...options.health?.() }),
  );
  const others = getRequestListener(app.fetch);

  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: HttpRoute | undefined,
    checked: GuardResult,
  ) => {
    if (checked.refusal) {
      const { status, message, error } = checked.refusal;
      if (status === 401) res.setHeader("www-authenticate", challenge(req, error));
      return reply(res, status, rpcError(-32001, message));
    }
    if (path === "/mcp") return endpoint.handle(req, res, checked.caller);
    if (route) {
      Promise.resolve(route.handle(req, res, checked.caller)).catch((err: unknown) => {
        reply(res, 500, rpcError(-32603, `Internal error: ${(err as Error)?.message ?? err}`));
      });
      return;
    }
    // Host names are case-insensitive and the guard accepted this one; the router compares it
    // with the URL it builds, whose host is lower case, so it gets the lower-case form.
    if (req.headers.host) req.headers.host = req.headers.host.toLowerCase();
    void others(req, res);
  };
  const challenge = (req: IncomingMessage, error: string | undefined) =>
    [
      'Bearer realm="agent-mesh"',
      ...(options.challenge ? [options.challenge(req)] : []),
      ...(error ? [`error="${error}"`] : []),
    ].join(", ");

  const server = createHttpServer((req, res) => {
    const path = req.url?.split("?", 1)[0] ?? "/";
    // A load balancer's or container runtime's probe sends no token and any Host: /healthz
    // answers it with the status word alone (nothing else about the mesh), before the guard.
    if (req.method === "GET" && path === LIVENESS_PATH) {
      const status = String(options.health?.().status ?? "ok");
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ status }));
      return;
    }
    const route =
      path === "/mcp"
        ? undefined
        : routes.find((r) => r.method === req.method && matches(r.path, path));
    const checked = guard(req, {
      open: route?.public === true,
      tokenOptional: route?.tokens === "optional",
    });
    if (!(checked instanceof Promise)) return serve(req, res, path, route, checked);
    // A verifier (JWT, API key) answers later; the request waits, its body stays unread.
    checked.then((result) => serve(req, res, path, route, result));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          err.code === "EADDRINUSE"
            ? `port ${options.port} is in use; choose another port`
            : `cannot listen on ${options.host}:${options.port}: ${err.message}`,
        ),
      );
    });
    server.listen(options.port, options.host, () => {
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  return {
    url: `http://${host}:${port}/mcp`,
    port,
    get sessions() {
      return endpoint.sessions;
    },
    async close() {
      await endpoint.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
