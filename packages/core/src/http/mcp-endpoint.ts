import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { INVALID_PARAMS, inspectMessage, rpcError } from "./json-rpc.js";
import { type Session, type SessionLimits, SessionTable } from "./session-table.js";
import { SessionTransport } from "./session-transport.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface McpEndpointOptions extends SessionLimits {
  /** Who a request comes from, for the per-client session cap (default: the remote address). */
  clientKey?: (req: IncomingMessage) => string;
}

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly sessions: number;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP endpoint (/mcp): sessions created by initialize, one MCP server each,
 * POST for messages, GET for the server's own stream, DELETE to end a session. Sessions are
 * capped per server and per client (the least recently used idle one makes room) and closed
 * when idle: soon if they never sent a request after initialize.
 */
export function createMcpEndpoint(
  createServer: () => Server,
  options: McpEndpointOptions = {},
): McpEndpoint {
  const sessions = new SessionTable(options);
  const clientKey = options.clientKey ?? ((req) => req.socket.remoteAddress ?? "unknown");
  const end = (session: Session) => {
    if (sessions.remove(session.transport.sessionId)) void session.server.close();
  };
  const { idleMs, unusedIdleMs } = sessions.limits;
  const sweeper = setInterval(
    () => {
      for (const session of sessions.expired()) end(session);
    },
    Math.max(10, Math.min(idleMs, unusedIdleMs, 60_000) / 2),
  );
  sweeper.unref();

  /** Opens a session, or answers why not. */
  async function open(req: IncomingMessage, res: ServerResponse): Promise<Session | undefined> {
    const client = clientKey(req);
    const admission = sessions.admit(client);
    if (!admission.ok) {
      res.setHeader("retry-after", "5");
      reply(res, admission.status, rpcError(-32000, admission.message));
      return undefined;
    }
    for (const victim of admission.evict) end(victim);
    const transport = new SessionTransport(randomUUID());
    const server = createServer();
    const session = { server, transport, client };
    transport.onclose = () => {
      sessions.remove(transport.sessionId);
    };
    // Counted before connecting, so concurrent initializes cannot overshoot the caps.
    sessions.add(session);
    try {
      await server.connect(transport);
    } catch (err) {
      sessions.remove(transport.sessionId);
      throw err;
    }
    return session;
  }

  async function post(req: IncomingMessage, res: ServerResponse, session: Session | undefined) {
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
    const inspected = (Array.isArray(body) ? body : [body]).map((message) =>
      inspectMessage(message, { params: true }),
    );
    if (inspected.length === 0) {
      return reply(res, 400, rpcError(-32600, "Invalid Request: an empty batch"));
    }
    // Every request gets exactly one answer: what the SDK would drop is answered here.
    const answers = inspected.flatMap((item) => (item.ok ? [] : [item.answer]));
    const valid = inspected.flatMap((item) => (item.ok ? [item.message] : []));
    const initialize = valid.some((m) => "method" in m && m.method === "initialize");
    if (!session && answers.length > 0) {
      return reply(res, 400, JSON.stringify(batch ? answers : answers[0]));
    }
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
      session = await open(req, res);
      if (!session) return;
    } else if (initialize) {
      return reply(
        res,
        400,
        rpcError(-32600, "Invalid Request: this session is already initialized"),
      );
    }
    if (!batch && answers[0]) {
      // Params its method cannot take are a request's answer like any handler's error (200);
      // a message that is not a valid request at all is a bad HTTP request (400).
      const status = answers[0].error.code === INVALID_PARAMS ? 200 : 400;
      return reply(res, status, JSON.stringify(answers[0]));
    }
    session.transport.receive(req, res, valid, batch, answers);
  }

  return {
    handle(req, res) {
      const id = header(req, "mcp-session-id");
      const session = id === undefined ? undefined : sessions.get(id);
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
        post(req, res, session).catch((err: unknown) => {
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
        sessions.remove(session.transport.sessionId);
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
      const open = sessions.values();
      for (const session of open) sessions.remove(session.transport.sessionId);
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
