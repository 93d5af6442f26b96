import { randomUUID } from "node:crypto";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { Hono, type MiddlewareHandler } from "hono";
import { type HostOriginOptions, hostOriginGuard } from "./host-origin.js";

export interface McpAppOptions {
  /** Builds a fresh MCP server for each session. */
  createServer: () => Server;
  guard: HostOriginOptions | (() => HostOriginOptions);
  /** Extra JSON for GET /health. */
  health?: () => Record<string, unknown>;
  /** Sessions with no request for this long are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /** Run after the host/origin guard on every route, e.g. bearer-token auth. */
  middleware?: MiddlewareHandler[];
}

export interface McpApp {
  app: Hono;
  /** Open sessions. */
  readonly sessions: number;
  /** Closes every session's transport and server. */
  close(): Promise<void>;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  lastSeen: number;
}

/** Streamable HTTP at /mcp (one MCP server per session) and GET /health, behind the host/origin guard. */
export function createMcpApp(options: McpAppOptions): McpApp {
  const sessions = new Map<string, Session>();
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  // Clients that vanish without DELETE would otherwise keep their session in memory forever.
  const sweeper = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, session] of sessions) {
        if (session.lastSeen >= cutoff) continue;
        sessions.delete(id);
        void session.server.close();
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();

  const app = new Hono();
  app.use("*", hostOriginGuard(options.guard));
  for (const handler of options.middleware ?? []) app.use("*", handler);

  app.get("/health", (c) =>
    c.json({ status: "ok", sessions: sessions.size, ...options.health?.() }),
  );

  app.all("/mcp", async (c) => {
    const sessionId = c.req.header("mcp-session-id");
    if (sessionId) {
      const session = sessions.get(sessionId);
      if (!session)
        return rpcError(404, -32001, "Session not found: start a new session with initialize");
      session.lastSeen = Date.now();
      return session.transport.handleRequest(c.req.raw);
    }
    if (c.req.method !== "POST")
      return rpcError(400, -32000, "Bad request: missing mcp-session-id header");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return rpcError(400, -32700, "Parse error: the body is not valid JSON");
    }
    if (!isInitializeRequest(body)) {
      return rpcError(400, -32000, "Bad request: no session; the first request must be initialize");
    }
    const server = options.createServer();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now() });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport.handleRequest(c.req.raw, { parsedBody: body });
  });

  return {
    app,
    get sessions() {
      return sessions.size;
    },
    async close() {
      clearInterval(sweeper);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map(({ server }) => server.close()));
    },
  };
}

function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });
}
