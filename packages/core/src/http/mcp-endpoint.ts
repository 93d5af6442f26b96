import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type JSONRPCMessage,
  type JSONRPCRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../caller.js";
import { isMessage, rpcError } from "./json-rpc.js";
import { SessionTransport } from "./session-transport.js";
import { type SessionRecord, type SessionStore, SharedSessions } from "./shared-sessions.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Session {
  server: Server;
  transport: SessionTransport;
  /** The caller who opened it: requests from anyone else are not shown it. */
  owner: Caller;
  /** What the shared store holds for this session, when there is one. */
  record?: SessionRecord;
}

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller): void;
  readonly sessions: number;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP endpoint (/mcp): sessions created by initialize, one MCP server each,
 * POST for messages, GET for the server's own stream, DELETE to end a session. Idle sessions
 * are closed after `idleMs`. With a `store`, sessions are shared: one initialized on another
 * replica is rebuilt here from its stored metadata when its first request arrives.
 */
export function createMcpEndpoint(
  createServer: (caller: Caller) => Server,
  idleMs = 30 * 60_000,
  store?: SessionStore,
): McpEndpoint {
  const sessions = new Map<string, Session>();
  const shared = store ? new SharedSessions(store, idleMs) : undefined;
  const restoring = new Map<string, Promise<Session | undefined>>();
  const stopListening = store?.ended?.subscribe((id) => {
    const ended = sessions.get(id);
    if (!ended) return;
    sessions.delete(id);
    void ended.server.close();
  });
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

  async function open(owner: Caller, id: string = randomUUID()): Promise<Session> {
    const transport = new SessionTransport(id);
    const server = createServer(owner);
    const session: Session = { server, transport, owner };
    transport.onclose = () => {
      if (sessions.get(id) === session) sessions.delete(id);
      shared?.forgetLocal(id);
    };
    await server.connect(transport);
    return session;
  }

  /** Rebuilds a session another replica initialized, without sending the client anything. */
  function restore(id: string): Promise<Session | undefined> {
    let pending = restoring.get(id);
    if (!pending) {
      pending = rebuild(id).finally(() => restoring.delete(id));
      restoring.set(id, pending);
    }
    return pending;
  }

  async function rebuild(id: string): Promise<Session | undefined> {
    const record = await shared!.load(id);
    if (!record) return undefined;
    const session = await open(record.caller ?? ANONYMOUS_OWNER, id);
    session.record = record;
    const { method, params } = record.initialize;
    await session.transport.replay({ method, params: params as Record<string, unknown> });
    await session.transport.replay({ method: "notifications/initialized" }, false);
    if (record.logLevel)
      await session.transport.replay({
        method: "logging/setLevel",
        params: { level: record.logLevel },
      });
    sessions.set(id, session);
    shared!.touch(id, record);
    return session;
  }

  /** Keeps the shared record current: its TTL slides, a new log level is saved. */
  function remember(session: Session, messages: JSONRPCMessage[]): void {
    if (!shared || !session.record) return;
    const setLevel = messages.find((m) => "method" in m && m.method === "logging/setLevel");
    const level = setLevel && "params" in setLevel ? setLevel.params?.level : undefined;
    if (typeof level === "string") {
      session.record.logLevel = level;
      shared
        .save(session.transport.sessionId, session.record)
        .catch((err: unknown) => store?.onError?.(err));
    } else {
      shared.touch(session.transport.sessionId, session.record);
    }
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
      if (shared) {
        session.record = { initialize: valid[0] as JSONRPCRequest, caller };
        // Saved before the client hears of the session, so its next request may go anywhere.
        await shared
          .save(session.transport.sessionId, session.record)
          .catch((err: unknown) => store?.onError?.(err));
      }
      sessions.set(session.transport.sessionId, session);
    } else if (initialize) {
      return reply(
        res,
        400,
        rpcError(-32600, "Invalid Request: this session is already initialized"),
      );
    }
    remember(session, valid);
    session.transport.receive(req, res, valid, batch, caller);
  }

  function restoreThen(id: string, req: IncomingMessage, res: ServerResponse, caller: Caller) {
    restore(id).then(
      (session) => {
        if (session) return endpoint.handle(req, res, caller);
        reply(res, 404, rpcError(-32001, "Session not found: start a new session with initialize"));
      },
      (err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        reply(res, 503, rpcError(-32000, `The shared session store is unavailable: ${reason}`));
      },
    );
  }

  const endpoint: McpEndpoint = {
    handle(req, res, caller) {
      const id = header(req, "mcp-session-id");
      const found = id === undefined ? undefined : sessions.get(id);
      // Another caller's session id is answered as unknown: sessions are not shared.
      const session = found?.owner.id === caller.id ? found : undefined;
      if (id !== undefined && !session) {
        // Another replica's session: rebuilt here from the shared store, then handled as ours.
        if (!found && shared && SharedSessions.plausible(id))
          return restoreThen(id, req, res, caller);
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
        const id = session.transport.sessionId;
        sessions.delete(id);
        const removed = shared?.remove(id).catch((err: unknown) => store?.onError?.(err));
        void Promise.all([session.server.close(), removed]).then(() => reply(res, 200, ""));
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
      stopListening?.();
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map(({ server }) => server.close()));
    },
  };
  return endpoint;
}

/** The owner of a session stored before sessions recorded their caller. */
const ANONYMOUS_OWNER: Caller = {
  id: "anonymous",
  name: "anonymous",
  kind: "anonymous",
  roles: [],
};

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
