import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type JSONRPCMessage,
  type JSONRPCRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../caller.js";
import { INVALID_PARAMS, inspectMessage, rpcError } from "./json-rpc.js";
import { type Session, type SessionLimits, SessionTable } from "./session-table.js";
import { SessionTransport } from "./session-transport.js";
import { type SessionStore, SharedSessions } from "./shared-sessions.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface McpEndpointOptions extends SessionLimits {
  /**
   * Who a request comes from, for the per-client session cap. Default: the caller's id when it
   * authenticated, else the remote address.
   */
  clientKey?: (req: IncomingMessage, caller: Caller) => string;
  /** Session metadata shared with other replicas: a session opened on one continues on any. */
  store?: SessionStore;
}

export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, caller: Caller): void;
  readonly sessions: number;
  close(): Promise<void>;
}

/**
 * The Streamable HTTP endpoint (/mcp): sessions created by initialize, one MCP server each,
 * POST for messages, GET for the server's own stream, DELETE to end a session. Sessions are
 * capped per server and per client (the least recently used idle one makes room) and closed
 * when idle: soon if they never sent a request after initialize. With a `store`, sessions are
 * shared: one initialized on another replica is rebuilt here from its stored metadata when its
 * first request arrives. A session belongs to the caller who opened it.
 */
export function createMcpEndpoint(
  createServer: (caller: Caller) => Server,
  options: McpEndpointOptions = {},
): McpEndpoint {
  const sessions = new SessionTable(options);
  const clientKey = options.clientKey ?? defaultClientKey;
  const end = (session: Session) => {
    if (sessions.remove(session.transport.sessionId)) void session.server.close();
  };
  const store = options.store;
  const shared = store ? new SharedSessions(store, sessions.limits.idleMs) : undefined;
  const restoring = new Map<string, Promise<Session | undefined>>();
  // Another replica ended a session (DELETE): this copy goes too.
  const stopListening = store?.ended?.subscribe((id) => {
    const ended = sessions.get(id);
    if (ended) end(ended);
  });
  const { idleMs, unusedIdleMs, abandonedIdleMs } = sessions.limits;
  const sweeper = setInterval(
    () => {
      for (const session of sessions.expired()) end(session);
    },
    Math.max(10, Math.min(idleMs, unusedIdleMs, abandonedIdleMs, 60_000) / 2),
  );
  sweeper.unref();

  /** Opens a session (a new one, or another replica's under its id), or answers why not. */
  async function open(
    req: IncomingMessage,
    res: ServerResponse,
    owner: Caller,
    id: string = randomUUID(),
  ): Promise<Session | undefined> {
    const client = clientKey(req, owner);
    const admission = sessions.admit(client);
    if (!admission.ok) {
      res.setHeader("retry-after", "5");
      reply(res, admission.status, rpcError(-32000, admission.message));
      return undefined;
    }
    for (const victim of admission.evict) end(victim);
    const transport = new SessionTransport(id);
    const server = createServer(owner);
    const session: Session = { server, transport, client, owner };
    transport.onclose = () => {
      if (sessions.get(id) === session) sessions.remove(id);
      shared?.forgetLocal(id);
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

  /** Rebuilds a session another replica initialized, without sending the client anything. */
  function restore(id: string, req: IncomingMessage, res: ServerResponse) {
    let pending = restoring.get(id);
    if (!pending) {
      pending = rebuild(id, req, res).finally(() => restoring.delete(id));
      restoring.set(id, pending);
    }
    return pending;
  }

  async function rebuild(id: string, req: IncomingMessage, res: ServerResponse) {
    const record = await shared!.load(id);
    if (!record) return undefined;
    const session = await open(req, res, record.caller ?? ANONYMOUS_OWNER, id);
    if (!session) return undefined;
    session.record = record;
    const { method, params } = record.initialize;
    await session.transport.replay({ method, params: params as Record<string, unknown> });
    await session.transport.replay({ method: "notifications/initialized" }, false);
    if (record.logLevel)
      await session.transport.replay({
        method: "logging/setLevel",
        params: { level: record.logLevel },
      });
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

  function restoreThen(id: string, req: IncomingMessage, res: ServerResponse, caller: Caller) {
    restore(id, req, res).then(
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
      session = await open(req, res, caller);
      if (!session) return;
      if (shared) {
        session.record = { initialize: valid[0] as JSONRPCRequest, caller };
        // Saved before the client hears of the session, so its next request may go anywhere.
        await shared
          .save(session.transport.sessionId, session.record)
          .catch((err: unknown) => store?.onError?.(err));
      }
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
    remember(session, valid);
    session.transport.receive(req, res, valid, batch, caller, answers);
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
        const sessionId = session.transport.sessionId;
        sessions.remove(sessionId);
        const removed = shared?.remove(sessionId).catch((err: unknown) => store?.onError?.(err));
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
      const open = sessions.values();
      for (const session of open) sessions.remove(session.transport.sessionId);
      await Promise.allSettled(open.map(({ server }) => server.close()));
    },
  };
  return endpoint;
}

/** Authenticated callers are counted by who they are; anonymous ones by where they come from. */
function defaultClientKey(req: IncomingMessage, caller: Caller): string {
  return caller.kind === "anonymous" ? (req.socket.remoteAddress ?? "unknown") : caller.id;
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
