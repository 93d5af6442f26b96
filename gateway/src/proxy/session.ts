import type { Caller } from "@agent-mesh/core";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  LoggingLevel,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientRequests } from "../pipeline/context.js";
import { anyResult } from "./any-result.js";

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const LEVELS: LoggingLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];

/** How long a client may take to answer an elicitation or sampling request. */
const CLIENT_REQUEST_TIMEOUT_MS = 10 * 60_000;

/** One connected client: who it is, its server, its log level and subscriptions. */
export class Session {
  readonly subscriptions = new Set<string>();
  logLevel: LoggingLevel | undefined;
  initialized = false;

  constructor(
    readonly server: Server,
    readonly caller: Caller,
  ) {}

  /** Answers a call's elicitation and sampling on the request that made the call. */
  answers(extra: Extra): ClientRequests {
    return {
      supports: (method, params) => this.supports(method, params),
      send: (request) =>
        extra.sendRequest(request as never, anyResult, {
          timeout: CLIENT_REQUEST_TIMEOUT_MS,
        }) as Promise<Record<string, unknown>>,
    };
  }

  /** Sends a request outside any call (to the session itself, not a request's stream). */
  request(request: { method: string; params?: Record<string, unknown> }) {
    return this.server.request(request as never, anyResult, {
      timeout: CLIENT_REQUEST_TIMEOUT_MS,
    }) as Promise<Record<string, unknown>>;
  }

  wantsLog(level: LoggingLevel): boolean {
    if (this.logLevel === undefined) return true;
    return LEVELS.indexOf(level) >= LEVELS.indexOf(this.logLevel);
  }

  supports(method: string, params: Record<string, unknown> | undefined): boolean {
    const capabilities = this.server.getClientCapabilities();
    if (method === "sampling/createMessage") return capabilities?.sampling !== undefined;
    if (method !== "elicitation/create") return false;
    const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
    if (!elicitation) return false;
    const mode = params?.mode === "url" ? "url" : "form";
    // A client that declares `elicitation: {}` supports form mode (spec 2025-11-25).
    return mode === "form"
      ? Object.keys(elicitation).length === 0 || "form" in elicitation
      : "url" in elicitation;
  }
}

/** The most verbose of the levels sessions asked for (debug beats info), default info. */
export function mostVerbose(levels: Array<LoggingLevel | undefined>): LoggingLevel {
  const indexes = levels
    .filter((l): l is LoggingLevel => l !== undefined)
    .map((l) => LEVELS.indexOf(l));
  return indexes.length === 0 ? "info" : LEVELS[Math.min(...indexes)]!;
}
