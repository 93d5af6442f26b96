import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type {
  Transport,
  TransportSendOptions,
} from "@modelcontextprotocol/sdk/shared/transport.js";
import type {
  JSONRPCMessage,
  MessageExtraInfo,
  RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../caller.js";
import { callerAuthInfo } from "../caller.js";
import { plainErrorMessage } from "../protocol-error.js";
import { unwatchClose, watchClose } from "./client-connections.js";
import { isRequest, isResponse, type RpcErrorResponse } from "./json-rpc.js";

/**
 * A client whose every connection closed within this long of its last exchange went away with
 * them (a process exiting closes its sockets at once); an idle client's keep-alive connections
 * time out only seconds later, and a client holding a GET stream is told apart by the stream.
 */
const GONE_WITHIN_MS = 2_000;

/** The HTTP response a POST's requests are answered on. */
interface Stream {
  res: ServerResponse;
  /** Requests of this POST still waiting for their response. */
  open: Set<RequestId>;
  /** Switched to text/event-stream because something other than the answer came first. */
  sse: boolean;
  /** Answers of a batch, held until the last one (JSON mode). */
  batch: JSONRPCMessage[] | undefined;
}

/**
 * One session of the Streamable HTTP transport, on node:http directly. A request is answered
 * with plain JSON when its response is the only thing to send; the moment anything else must go
 * to the client first (progress, a log line, an elicitation), the same response upgrades to an
 * event stream. Server messages outside any request go to the GET stream, if one is open.
 */
export class SessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  lastSeen = Date.now();
  /** POSTs that carried at least one request (initialize included). */
  requests = 0;
  /**
   * When the client went away without DELETE, until it sends or listens again: it dropped its GET
   * stream, or closed every connection right after its last exchange (a one-shot process exiting).
   * The session then closes after the short abandoned time.
   */
  droppedAt: number | undefined;
  /** The client connections this session's requests came on that are still open. */
  private readonly sockets = new Set<Socket>();
  private readonly socketClosed = (socket: Socket) => {
    this.sockets.delete(socket);
    const gone = this.sockets.size === 0 && !this.standalone && this.streams.size === 0;
    if (gone && !this.closed && Date.now() - this.lastSeen <= GONE_WITHIN_MS) {
      this.droppedAt = Date.now();
    }
  };

  private readonly streams = new Map<RequestId, Stream>();
  private standalone: ServerResponse | undefined;
  private closed = false;
  /** Requests replayed to rebuild this session here; their answers are not sent. */
  private readonly replays = new Map<RequestId, () => void>();
  private replayCount = 0;

  constructor(readonly sessionId: string) {}

  async start(): Promise<void> {}

  /** True while a request of this session waits for its answer. */
  get busy(): boolean {
    return this.streams.size > 0;
  }

  /** Delivers a POST's messages; answers 202 at once when none of them is a request. */
  receive(
    req: IncomingMessage,
    res: ServerResponse,
    messages: JSONRPCMessage[],
    batch: boolean,
    caller?: Caller,
    answered: RpcErrorResponse[] = [],
  ): void {
    this.lastSeen = Date.now();
    this.droppedAt = undefined;
    this.track(req.socket);
    const requests = messages.filter(isRequest);
    if (requests.length > 0) this.requests++;
    if (requests.length === 0 && answered.length > 0) {
      // Members of a batch the endpoint already answered (malformed ones), and nothing to wait for.
      this.json(res, answered);
    } else if (requests.length === 0) {
      res.writeHead(202, { "mcp-session-id": this.sessionId }).end();
    } else {
      const stream: Stream = {
        res,
        open: new Set(requests.map((r) => r.id)),
        sse: false,
        batch: batch ? (answered as JSONRPCMessage[]) : undefined,
      };
      for (const request of requests) this.streams.set(request.id, stream);
      res.once("close", () => {
        for (const id of stream.open) this.streams.delete(id);
      });
    }
    const extra: MessageExtraInfo = {
      requestInfo: { headers: req.headers as Record<string, string | string[] | undefined> },
      // The SDK hands authInfo to every request handler: that is how handlers learn the caller.
      ...(caller ? { authInfo: callerAuthInfo(caller) } : {}),
    };
    for (const message of messages) this.onmessage?.(message, extra);
  }

  /** Opens the GET stream for messages outside any request; false if one is already open. */
  listen(res: ServerResponse): boolean {
    if (this.standalone && !this.standalone.writableEnded) return false;
    this.lastSeen = Date.now();
    res.writeHead(200, sseHeaders(this.sessionId));
    res.flushHeaders();
    this.standalone = res;
    this.droppedAt = undefined;
    this.track(res.socket);
    res.once("close", () => {
      if (this.standalone !== res) return;
      this.standalone = undefined;
      if (!this.closed) this.droppedAt = Date.now();
    });
    return true;
  }

  private track(socket: Socket | null): void {
    if (!socket || this.sockets.has(socket)) return;
    this.sockets.add(socket);
    watchClose(socket, this.socketClosed);
  }

  /**
   * Feeds the server a message the client once sent (to another replica), to bring this copy of
   * the session to the same state. Nothing goes to the client; resolves once a request is answered.
   */
  replay(message: { method: string; params?: Record<string, unknown> }, request = true) {
    if (!request) {
      this.onmessage?.({ jsonrpc: "2.0", ...message } as JSONRPCMessage);
      return Promise.resolve();
    }
    const id = `agent-mesh-replay-${++this.replayCount}`;
    return new Promise<void>((resolve) => {
      this.replays.set(id, resolve);
      this.onmessage?.({ jsonrpc: "2.0", id, ...message } as JSONRPCMessage);
    });
  }

  async send(sent: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) return;
    const message = plainErrorMessage(sent);
    const replayed = isResponse(message) ? this.replays.get(message.id) : undefined;
    if (replayed) {
      this.replays.delete((message as { id: RequestId }).id);
      return replayed();
    }
    if (isResponse(message)) this.lastSeen = Date.now();
    const related = isResponse(message) ? message.id : options?.relatedRequestId;
    const stream = related === undefined ? undefined : this.streams.get(related);
    if (!stream) {
      // Not tied to a request still open: the GET stream, or nowhere (as the SDK does).
      if (!isResponse(message) && this.standalone) writeEvent(this.standalone, message);
      return;
    }
    if (!isResponse(message)) {
      this.upgrade(stream);
      writeEvent(stream.res, message);
      return;
    }
    stream.open.delete(message.id);
    this.streams.delete(message.id);
    if (stream.sse) {
      writeEvent(stream.res, message);
      if (stream.open.size === 0) stream.res.end();
      return;
    }
    if (stream.batch) {
      stream.batch.push(message);
      if (stream.open.size === 0) this.json(stream.res, stream.batch);
      return;
    }
    this.json(stream.res, message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of this.sockets) unwatchClose(socket, this.socketClosed);
    this.sockets.clear();
    const open = new Set([...this.streams.values()].map((stream) => stream.res));
    this.streams.clear();
    for (const res of open) if (!res.writableEnded) res.end();
    if (this.standalone && !this.standalone.writableEnded) this.standalone.end();
    this.onclose?.();
  }

  private upgrade(stream: Stream): void {
    if (stream.sse) return;
    stream.sse = true;
    stream.res.writeHead(200, sseHeaders(this.sessionId));
    // Answers of a batch already held go out first, in order.
    for (const held of stream.batch ?? []) writeEvent(stream.res, held);
    stream.batch = undefined;
  }

  private json(res: ServerResponse, body: unknown): void {
    if (res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "mcp-session-id": this.sessionId,
    });
    res.end(text);
  }
}

function sseHeaders(sessionId: string) {
  return {
    "content-type": "text/event-stream",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "mcp-session-id": sessionId,
  };
}

function writeEvent(res: ServerResponse, message: JSONRPCMessage): void {
  if (!res.writableEnded) res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
