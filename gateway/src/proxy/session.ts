import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  LoggingLevel,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { Downstream } from "../downstream/downstream.js";

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

/** One connected client: its server, its calls in flight, its log level and subscriptions. */
export class Session {
  /** Calls in flight by downstream, newest last: where a downstream's elicitation goes. */
  readonly calls = new Map<Downstream, Extra[]>();
  readonly subscriptions = new Set<string>();
  logLevel: LoggingLevel | undefined;
  initialized = false;

  constructor(readonly server: Server) {}

  /** Runs `work` as a call of this session to `downstream`. */
  async track<T>(downstream: Downstream, extra: Extra, work: () => Promise<T>): Promise<T> {
    const list = this.calls.get(downstream) ?? [];
    if (list.length === 0) this.calls.set(downstream, list);
    list.push(extra);
    try {
      return await work();
    } finally {
      list.splice(list.indexOf(extra), 1);
      if (list.length === 0) this.calls.delete(downstream);
    }
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
