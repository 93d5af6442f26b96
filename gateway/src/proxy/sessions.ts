import type { Caller } from "@agent-mesh/core";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { LoggingLevel, ServerNotification, Tool } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Downstream } from "../downstream/downstream.js";
import type { ClientRequest } from "../pipeline/context.js";
import { anyResult } from "./any-result.js";
import { createSessionServer } from "./handlers.js";
import type { MeshApi } from "./mesh-api.js";
import { mostVerbose, Session } from "./session.js";

const LIST_KINDS = ["tools", "resources", "prompts"] as const;

/** What the sessions part needs from the rest of the mesh. */
export interface SessionsContext {
  /** The catalog a caller sees (its tenant's), or the top level's without one. */
  catalog(caller?: Caller): Catalog;
  /** A started tenant's catalog, or the top level's. */
  catalogOf(tenant: string | undefined): Catalog;
  downstreams(): Downstream[];
  /** The top level's tool list that list_changed compares (the full list, or the search meta-tools). */
  toolList(): Tool[];
  /** The tenant whose mesh serves a caller (undefined: the top level); never throws. */
  tenant(caller: Caller): string | undefined;
}

/**
 * The client sessions the mesh serves: tells them when lists change, routes downstream
 * notifications (logs to sessions that want that level, resource updates to subscribers), and
 * server-to-client requests made outside any call.
 */
export class Sessions {
  private readonly open = new Set<Session>();
  /** The lists last announced, for the top level (key "") and each tenant. */
  private readonly lastLists = new Map<string, Record<(typeof LIST_KINDS)[number], string>>();

  constructor(private readonly context: SessionsContext) {}

  get size(): number {
    return this.open.size;
  }

  /** A new MCP server for one client session, for `caller`, answering from `api`. */
  connect(api: MeshApi, caller: Caller): Server {
    let session: Session | undefined;
    const server = createSessionServer(api, () => session!);
    session = new Session(server, caller);
    this.open.add(session);
    // Nothing is sent to a client before it has finished initializing.
    server.oninitialized = () => {
      session!.initialized = true;
    };
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      void this.drop(session!);
    };
    return server;
  }

  /**
   * Tells sessions (of the scopes given: undefined for the top level, or tenants; else every
   * one) that their tool list changed: a new policy shows or hides tools per caller.
   */
  toolsChanged(scopes?: ReadonlySet<string | undefined>): void {
    this.broadcast(
      { method: "notifications/tools/list_changed" } as ServerNotification,
      scopes && ((session) => scopes.has(this.context.tenant(session.caller))),
    );
  }

  /**
   * Compares the lists of the top level (or of a tenant) with the last ones sent and tells its
   * sessions, and only its, what changed.
   */
  listsChanged(tenant?: string): void {
    const catalog = this.context.catalogOf(tenant);
    const lists = {
      tools: JSON.stringify(tenant === undefined ? this.context.toolList() : catalog.toolList),
      resources: JSON.stringify([...catalog.resources.keys(), ...catalog.templates.keys()]),
      prompts: JSON.stringify([...catalog.prompts.values()].map((p) => p.exposed)),
    };
    const last = this.lastLists.get(tenant ?? "") ?? { tools: "", resources: "", prompts: "" };
    this.lastLists.set(tenant ?? "", last);
    for (const kind of LIST_KINDS) {
      if (lists[kind] === last[kind]) continue;
      last[kind] = lists[kind];
      this.broadcast({ method: `notifications/${kind}/list_changed` } as ServerNotification, (s) =>
        this.of(s, tenant),
      );
    }
  }

  /** Logging messages and resource updates from a downstream (of `tenant`: only to its sessions). */
  notify(downstream: Downstream, notification: ServerNotification, tenant?: string): void {
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
        (session) => this.of(session, tenant) && session.wantsLog(level as LoggingLevel),
      );
      return;
    }
    if (notification.method === "notifications/resources/updated") {
      const scoped = [...this.open].find((s) => this.of(s, tenant));
      if (!scoped && tenant !== undefined) return;
      const catalog = this.context.catalog(scoped?.caller);
      const uri = catalog.exposedUri(downstream, notification.params.uri);
      this.broadcast(
        { method: "notifications/resources/updated", params: { ...notification.params, uri } },
        (session) => this.of(session, tenant) && session.subscriptions.has(uri),
      );
    }
  }

  /** A downstream's request outside any call: only an unambiguous single client may get it. */
  requestOutsideCall(request: ClientRequest, tenant?: string): Promise<Record<string, unknown>> {
    const what = request.method === "sampling/createMessage" ? "sampling" : "elicitation";
    const [only, ...others] = [...this.open].filter((s) => this.of(s, tenant));
    if (only && others.length === 0 && only.supports(request.method, request.params)) {
      return only.request(request);
    }
    throw new McpError(
      ErrorCode.InvalidRequest,
      `${what} outside a tool call cannot be routed: no single connected client supports it`,
    );
  }

  /** Subscribes a session to an exposed URI, subscribing downstream on the first subscriber. */
  async subscribe(session: Session, uri: string, subscribe: boolean): Promise<void> {
    const route = this.context.catalog(session.caller).routeUri(uri);
    if (!route) throw new McpError(-32002, `Resource not found: ${uri}`);
    const tenant = this.context.tenant(session.caller);
    const others = [...this.open].some(
      (s) => s !== session && this.of(s, tenant) && s.subscriptions.has(uri),
    );
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

  /**
   * Records a session's log level and sets every logging-capable downstream to the most verbose
   * level any session wants; each session is then filtered to its own level.
   */
  async setLogLevel(session: Session, level: LoggingLevel): Promise<void> {
    session.logLevel = level;
    const wanted = mostVerbose([...this.open].map((s) => s.logLevel));
    await Promise.allSettled(
      this.context
        .downstreams()
        .filter((d) => d.state === "ready" && d.listing.capabilities.logging)
        .map((d) =>
          d.request({ method: "logging/setLevel", params: { level: wanted } }, anyResult),
        ),
    );
  }

  async close(): Promise<void> {
    const sessions = [...this.open];
    this.open.clear();
    await Promise.allSettled(sessions.map((session) => session.server.close()));
  }

  /** Whether a session is served by `tenant`'s mesh (undefined: the top level). */
  private of(session: Session, tenant: string | undefined): boolean {
    return this.context.tenant(session.caller) === tenant;
  }

  private broadcast(notification: ServerNotification, to?: (session: Session) => boolean): void {
    for (const session of this.open) {
      if (!session.initialized || (to && !to(session))) continue;
      // A session that is going away cannot be told; that is fine.
      session.server.notification(notification).catch(() => {});
    }
  }

  private async drop(session: Session): Promise<void> {
    if (!this.open.delete(session)) return;
    const tenant = this.context.tenant(session.caller);
    for (const uri of session.subscriptions) {
      const stillWanted = [...this.open].some(
        (s) => this.of(s, tenant) && s.subscriptions.has(uri),
      );
      if (stillWanted) continue;
      let route: ReturnType<Catalog["routeUri"]>;
      try {
        route = this.context.catalog(session.caller).routeUri(uri);
      } catch {
        continue; // its tenant is gone, and its downstreams with it
      }
      await route?.downstream
        .request({ method: "resources/unsubscribe", params: { uri: route.uri } }, anyResult)
        .catch(() => {});
    }
  }
}
