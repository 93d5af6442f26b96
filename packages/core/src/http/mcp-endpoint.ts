import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type JSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../caller.js";
import { isMessage, rpcError } from "./json-rpc.js";
import { SessionTransport } from "./session-transport.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Session {
  server: Server;
  transport: SessionTransport;
  /** The caller who opened it: requests from anyone else are not shown it. */
  owner: string;
}

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller): void;
  readonly sessions: number;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP endpoint (/mcp): sessions created by initialize, one MCP server each,
 * POST for messages, GET for the server's own stream, DELETE to end a session. Idle sessions
 * are closed after `idleMs`.
 */
export function createMcpEndpoint(
  createServer: (caller: Caller) => Server,
  idleMs = 30 * 60_000,
): McpEndpoint {
  const sessions = new Map<string, Session>();
  const sweeper = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, session] of sessions) {
        if (session.transport.lastSeen < cutoff) {
          sessions.delete(id);
          void session.server.close();
        }
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();

  async function open(caller: Caller): Promise<Session> {
    const transport = new SessionTransport(randomUUID());
    const server = createServer(caller);
    const session = { server, transport, owner: caller.id };
    transport.onclose = () => {
      sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    sessions.set(transport.sessionId, session);
    return session;
  }

  async function post(
    req: IncomingMessage,
    res: ServerResponse,
    session: Session | undefined,
    caller: Caller,
  ) {
    if (!(req.headers["content-type"] ?? "").includes("application/json")) {
      return reply(
        res,
        415,
        rpcError(-32000, "Unsupported Media Type: send Content-Type: application/json"),
      );
    }
    const accept = req.headers.accept ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
      return reply(
        res,
        406,
        rpcError(-32000, "Not Acceptable: Accept must list application/json and text/event-stream"),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof TooLarge) res.setHeader("connection", "close");
      if (err instanceof TooLarge)
        return reply(
          res,
          413,
          rpcError(-32000, `Request too large: at most ${MAX_BODY_BYTES} bytes`),
        );
      return reply(res, 400, rpcError(-32700, "Parse error: the body is not valid JSON"));
    }
    const batch = Array.isArray(body);
    const messages: unknown[] = Array.isArray(body) ? body : [body];
    if (messages.length === 0 || !messages.every(isMessage)) {
      return reply(res, 400, rpcError(-32600, "Invalid Request: not JSON-RPC 2.0 messages"));
    }
    const valid = messages as JSONRPCMessage[];
    const initialize = valid.some((m) => "method" in m && m.method === "initialize");
    if (!session) {
      if (!initialize || valid.length !== 1) {
        return reply(
          res,
          400,
          rpcError(
            -32000,
            "Bad Request: no mcp-session-id; the first request must be initialize, alone",
          ),
        );
      }
      session = await open(caller);
    } else if (initialize) {
      return reply(
        res,
        400,
        rpcError(-32600, "Invalid Request: this session is already initialized"),
      );
    }
    session.transport.receive(req, res, valid, batch, caller);
  }

  return {
    handle(req, res, caller) {
      const id = header(req, "mcp-session-id");
      const found = id === undefined ? undefined : sessions.get(id);
      // Another caller's session id is answered as unknown: sessions are not shared.
      const session = found?.owner === caller.id ? found : undefined;
      if (id !== undefined && !session) {
        return void reply(
          res,
          404,
          rpcError(-32001, "Session not found: start a new session with initialize"),
        );
      }
      const version = header(req, "mcp-protocol-version");
      if (session && version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
        return void reply(
          res,
          400,
          rpcError(
            -32000,
            `Bad Request: unsupported MCP-Protocol-Version ${version}; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}`,
          ),
        );
      }
      if (req.method === "POST") {
        post(req, res, session, caller).catch((err: unknown) => {
          if (!res.headersSent)
            reply(
              res,
              500,
              rpcError(
                -32603,
                `Internal error: ${err instanceof Error ? err.message : String(err)}`,
              ),
            );
        });
        return;
      }
      if (!session)
        return void reply(res, 400, rpcError(-32000, "Bad Request: missing mcp-session-id header"));
      if (req.method === "GET") {
        if (!(req.headers.accept ?? "").includes("text/event-stream")) {
          return void reply(
            res,
            406,
            rpcError(-32000, "Not Acceptable: Accept must list text/event-stream"),
          );
        }
        if (!session.transport.listen(res)) {
          reply(res, 409, rpcError(-32000, "Conflict: this session already has a GET stream open"));
        }
        return;
      }
      if (req.method === "DELETE") {
        sessions.delete(session.transport.sessionId);
        void session.server.close().then(() => reply(res, 200, ""));
        return;
      }
      res.setHeader("allow", "GET, POST, DELETE");
      reply(res, 405, rpcError(-32000, "Method not allowed"));
    },
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

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function reply(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(
    status,
    body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {},
  );
  res.end(body);
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new TooLarge());
        return;
      }
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
