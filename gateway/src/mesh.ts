import {
  type AnyPlatform,
  createLogger,
  type Logger,
  Redactor,
  type SharedState,
  withRedaction,
} from "@agent-mesh/core";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { LoggingLevel, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { Catalog } from "./catalog/catalog.js";
import type { MeshConfig } from "./config/schema.js";
import { configSecrets } from "./config/secrets.js";
import { Downstream, type DownstreamEvents } from "./downstream/downstream.js";
import { downstreamSpecs } from "./downstream/specs.js";
import { anyResult } from "./proxy/any-result.js";
import { createSessionServer } from "./proxy/handlers.js";
import { searchModeTools } from "./proxy/search-tools.js";
import { mostVerbose, Session } from "./proxy/session.js";

export interface MeshOptions {
  platforms: readonly AnyPlatform[];
  /** Environment the first-party platforms read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Setting values that win over mesh.yaml, by platform (the sandbox's endpoints). */
  overrides?: Record<string, Record<string, string>>;
  logger?: Logger;
  /** State shared with other replicas (idempotency, confirmations); default per platform memory. */
  state?: SharedState;
}

const LIST_KINDS = ["tools", "resources", "prompts"] as const;

/**
 * The running mesh: supervised downstreams, the merged catalog, and the client sessions it
 * serves. `apply` moves it to a new config without dropping sessions or unchanged downstreams.
 */
export class Mesh {
  readonly logger: Logger;
  /** Credentials of every config applied so far, scrubbed from logs, health and errors. */
  private readonly redactor = new Redactor();
  catalog = new Catalog([]);
  config: MeshConfig | undefined;
  private readonly downstreams = new Map<string, Downstream>();
  private readonly sessions = new Set<Session>();
  private lastLists: Record<(typeof LIST_KINDS)[number], string> = {
    tools: "",
    resources: "",
    prompts: "",
  };
  private closed = false;
  /** The apply in progress, so that a list waits for servers it is about to start. */
  private applying: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MeshOptions) {
    this.logger = withRedaction(
      options.logger ?? createLogger({ name: "agent-mesh" }),
      this.redactor,
    );
  }

  get searchActive(): boolean {
    const tools = this.config?.tools;
    if (!tools || tools.search === "off") return false;
    return tools.search === "on" || this.catalog.tools.size > tools.search_threshold;
  }

  /** The tools a client sees: every tool, or the search meta-tools. */
  visibleTools() {
    return this.searchActive ? searchModeTools(this.catalog) : this.catalog.toolList;
  }

  /** True while some downstream is still making its first connection. */
  get starting(): boolean {
    return this.list().some((downstream) => downstream.state === "starting");
  }

  list(): Downstream[] {
    return [...this.downstreams.values()];
  }

  get(name: string): Downstream | undefined {
    return this.downstreams.get(name);
  }

  /** Starts, keeps, restarts or stops downstreams so that they match `config`. */
  apply(config: MeshConfig): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const applied = this.applyNow(config);
    this.applying = applied.catch(() => {});
    return applied;
  }

  private async applyNow(
    config: MeshConfig,
  ): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    if (this.closed) throw new Error("the mesh is closed");
    this.config = config;
    this.redactor.add(...configSecrets(config, this.options.platforms));
    const specs = downstreamSpecs(config, {
      platforms: this.options.platforms,
      env: this.options.env ?? process.env,
      overrides: this.options.overrides,
      state: this.options.state,
      confirmSecret: config.state?.confirm_secret,
    });
    const added: string[] = [];
    const changed: string[] = [];
    const wanted = new Set(specs.map((spec) => spec.name));
    const removed = [...this.downstreams.keys()].filter((name) => !wanted.has(name));
    const stopping = removed.map((name) => this.downstreams.get(name)!.stop());
    const next = new Map<string, Downstream>();
    for (const spec of specs) {
      const current = this.downstreams.get(spec.name);
      if (current && current.spec.fingerprint === spec.fingerprint) {
        next.set(spec.name, current);
        continue;
      }
      if (current) {
        changed.push(spec.name);
        stopping.push(current.stop());
      } else {
        added.push(spec.name);
      }
      next.set(spec.name, new Downstream(spec, this.events));
    }
    this.downstreams.clear();
    for (const [name, downstream] of next) this.downstreams.set(name, downstream);
    await Promise.all(stopping);
    for (const downstream of next.values()) void downstream.start();
    this.rebuild();
    return { added, removed, changed };
  }

  /** Resolves when every downstream's first connection attempt has finished, or after `maxMs`. */
  async settled(maxMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.applying.then(() => Promise.all(this.list().map((downstream) => downstream.settled()))),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** A new MCP server for one client session, wired to this mesh. */
  connectSession(): Server {
    let session: Session | undefined;
    const server = createSessionServer(this, () => session!);
    session = new Session(server);
    this.sessions.add(session);
    // Nothing is sent to a client before it has finished initializing.
    server.oninitialized = () => {
      session!.initialized = true;
    };
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      void this.dropSession(session!);
    };
    return server;
  }

  health() {
    return {
      status: this.list().every((d) => d.state === "ready") ? "ok" : "degraded",
      sessions: this.sessions.size,
      tools: this.catalog.tools.size,
      search_mode: this.searchActive,
      downstreams: Object.fromEntries(this.list().map((d) => [d.name, d.health()])),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sessions = [...this.sessions];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((session) => session.server.close()));
    await Promise.allSettled(this.list().map((downstream) => downstream.stop()));
    this.downstreams.clear();
  }

  /** Subscribes a session to an exposed URI, subscribing downstream on the first subscriber. */
  async subscribe(session: Session, uri: string, subscribe: boolean): Promise<void> {
    const route = this.catalog.routeUri(uri);
    if (!route) throw new McpError(-32002, `Resource not found: ${uri}`);
    const others = [...this.sessions].some((s) => s !== session && s.subscriptions.has(uri));
    if (subscribe) session.subscriptions.add(uri);
    else session.subscriptions.delete(uri);
    if (others) return;
    await route.downstream.request(
      {
        method: subscribe ? "resources/subscribe" : "resources/unsubscribe",
        params: { uri: route.uri },
      },
      anyResult,
    );
  }

  private readonly events: DownstreamEvents = {
    changed: () => this.rebuild(),
    notification: (downstream, notification) => this.route(downstream, notification),
    request: (downstream, request) => this.forwardRequest(downstream, request),
    log: (downstream, level, message) => this.logger[level](`${downstream.name}: ${message}`),
    redact: (text) => this.redactor.text(text),
  };

  private rebuild(): void {
    if (this.closed) return;
    this.catalog = new Catalog(this.list(), this.config?.tools);
    const lists = {
      tools: JSON.stringify(this.visibleTools()),
      resources: JSON.stringify([
        ...this.catalog.resources.keys(),
        ...this.catalog.templates.keys(),
      ]),
      prompts: JSON.stringify([...this.catalog.prompts.values()].map((p) => p.exposed)),
    };
    for (const kind of LIST_KINDS) {
      if (lists[kind] === this.lastLists[kind]) continue;
      this.lastLists[kind] = lists[kind];
      this.broadcast({ method: `notifications/${kind}/list_changed` } as ServerNotification);
    }
  }

  private broadcast(notification: ServerNotification, to?: (session: Session) => boolean): void {
    for (const session of this.sessions) {
      if (!session.initialized || (to && !to(session))) continue;
      // A session that is going away cannot be told; that is fine.
      session.server.notification(notification).catch(() => {});
    }
  }

  private route(downstream: Downstream, notification: ServerNotification): void {
    if (notification.method === "notifications/message") {
      const { level, logger } = notification.params;
      this.broadcast(
        {
          method: "notifications/message",
          params: {
            ...notification.params,
            logger: logger ? `${downstream.name}/${logger}` : downstream.name,
          },
        },
        (session) => session.wantsLog(level as LoggingLevel),
      );
      return;
    }
    if (notification.method === "notifications/resources/updated") {
      const uri = this.catalog.exposedUri(downstream, notification.params.uri);
      this.broadcast(
        { method: "notifications/resources/updated", params: { ...notification.params, uri } },
        (session) => session.subscriptions.has(uri),
      );
    }
  }

  /**
   * Sends a downstream's elicitation or sampling request to the client whose call caused it,
   * never to another client. Outside any call it goes to the only client, if there is one.
   */
  private async forwardRequest(
    downstream: Downstream,
    request: { method: string; params?: Record<string, unknown> },
  ): Promise<Record<string, unknown>> {
    const what = request.method === "sampling/createMessage" ? "sampling" : "elicitation";
    const options = { timeout: 10 * 60_000 };
    const caller = [...this.sessions].find((session) => session.calls.has(downstream));
    if (caller) {
      if (!caller.supports(request.method, request.params)) {
        throw new McpError(
          ErrorCode.InvalidRequest,
          `the client that made this call does not support ${what}`,
        );
      }
      const extra = caller.calls.get(downstream)!.at(-1)!;
      return extra.sendRequest(request as never, anyResult, options) as Promise<
        Record<string, unknown>
      >;
    }
    const [only, ...others] = this.sessions;
    if (only && others.length === 0 && only.supports(request.method, request.params)) {
      return only.server.request(request as never, anyResult, options) as Promise<
        Record<string, unknown>
      >;
    }
    throw new McpError(
      ErrorCode.InvalidRequest,
      `${what} outside a tool call cannot be routed: no single connected client supports it`,
    );
  }

  private async dropSession(session: Session): Promise<void> {
    if (!this.sessions.delete(session)) return;
    for (const uri of session.subscriptions) {
      const stillWanted = [...this.sessions].some((s) => s.subscriptions.has(uri));
      if (stillWanted) continue;
      const route = this.catalog.routeUri(uri);
      await route?.downstream
        .request({ method: "resources/unsubscribe", params: { uri: route.uri } }, anyResult)
        .catch(() => {});
    }
  }

  /**
   * Records a session's log level and sets every logging-capable downstream to the most verbose
   * level any session wants; each session is then filtered to its own level.
   */
  async setLogLevel(session: Session, level: LoggingLevel): Promise<void> {
    session.logLevel = level;
    const wanted = mostVerbose([...this.sessions].map((s) => s.logLevel));
    await Promise.allSettled(
      this.list()
        .filter((d) => d.state === "ready" && d.listing.capabilities.logging)
        .map((d) =>
          d.request({ method: "logging/setLevel", params: { level: wanted } }, anyResult),
        ),
    );
  }
}
