import {
  type AnyPlatform,
  type Caller,
  createLogger,
  type Logger,
  quote,
  RELATED_CALL_META,
  Redactor,
  resolveConfig,
  withRedaction,
} from "@agent-mesh/core";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type CallToolResult,
  ErrorCode,
  type LoggingLevel,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { ApprovalStore } from "./approvals/store.js";
import { appsPart } from "./apps/index.js";
import type { AuditLog } from "./audit/audit-log.js";
import { APPROVALS_DEFAULTS } from "./audit/config.js";
import { RoleBook } from "./auth/roles.js";
import { Catalog } from "./catalog/catalog.js";
import type { MeshConfig } from "./config/schema.js";
import type { Downstream } from "./downstream/downstream.js";
import { isThirdParty } from "./downstream/types.js";
import { MeshServer } from "./mesh-server/index.js";
import { MeshMetrics } from "./metrics/index.js";
import { PINNING_DEFAULTS } from "./pinning/config.js";
import { Pinning } from "./pinning/pinning.js";
import type { CallContext, CallRequest, ClientRequests } from "./pipeline/context.js";
import { InFlightCalls } from "./pipeline/in-flight.js";
import { createPipeline } from "./pipeline/index.js";
import { Limiters } from "./policy/limits.js";
import type { Policy } from "./policy/policy.js";
import { FIRST_LIST_WAIT_MS } from "./proxy/list-wait.js";
import type { MeshApi } from "./proxy/mesh-api.js";
import { searchModeTools } from "./proxy/search-tools.js";
import type { Session } from "./proxy/session.js";
import { Sessions } from "./proxy/sessions.js";
import { MemoryMeshState, type MeshState, type RedisMeshState } from "./state/index.js";
import { registerStatus, type StatusFeature } from "./status/index.js";
import { type ApplyResult, Supervisor, type SupervisorOptions } from "./supervisor.js";
import { callerTenant } from "./tenants/caller-tenant.js";
import { sessionView } from "./tenants/session-view.js";
import { tenantConfig, tenantEnvironment } from "./tenants/tenant-config.js";
import { compilePolicy } from "./tenants/tenant-policy.js";
import { TenantScopes } from "./tenants/tenant-scopes.js";
import type { Tracing } from "./tracing/index.js";
import { type WorkflowService, workflowsPart } from "./workflows/index.js";

export interface MeshOptions {
  platforms: readonly AnyPlatform[];
  /** Environment the first-party platforms read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Setting values that win over mesh.yaml, by platform (the sandbox's endpoints). */
  overrides?: Record<string, Record<string, string>>;
  logger?: Logger;
  /** State shared with other replicas (idempotency, confirmations, sessions); default memory. */
  state?: MeshState;
  /** The policy's clock, for time windows (tests inject one); default the system's. */
  clock?: () => Date;
  /** The audit log (startMesh opens it from `database:`); absent: calls are not recorded. */
  audit?: AuditLog;
  /** mesh.lock beside mesh.yaml, where third-party tools are pinned; absent: no pinning. */
  lockPath?: string | undefined;
  /** --no-pin: turn pinning off whatever mesh.yaml says. */
  noPin?: boolean;
  /** OpenTelemetry tracing (startMesh starts it from `telemetry:`); absent: off. */
  tracing?: Tracing | undefined;
}

/**
 * The running mesh: the supervisor (downstreams and catalog), the client sessions, and the one
 * pipeline every tool call passes, whoever makes it. `apply` moves it to a new config without
 * dropping sessions or unchanged downstreams.
 */
export class Mesh implements MeshApi {
  readonly logger: Logger;
  readonly metrics: MeshMetrics;
  /** What replicas share: memory by default, Redis when mesh.yaml's `state.redis` says so. */
  readonly state: MeshState;
  /** The append-only record of calls, approvals and gateway events, when open. */
  readonly audit: AuditLog | undefined;
  /** Destructive calls waiting for an operator, in the shared state. */
  readonly approvals: ApprovalStore;
  /** Third-party tool pinning (mesh.lock), quarantine and description scanning. */
  readonly pinning: Pinning;
  /**
   * The gateway's own tools, prompts and resources (workflows, status), which features register
   * parts of: served as the `mesh` downstream, so they pass the pipeline like any tool.
   */
  readonly own = new MeshServer();
  /** Credentials of every config applied so far, scrubbed from logs, health and errors. */
  private readonly redactor = new Redactor();
  private readonly supervisor: Supervisor;
  /** The tenants' own downstreams, catalogs and policies (mesh.yaml's `tenants:`). */
  private readonly tenants: TenantScopes;
  private readonly sessions: Sessions;
  private readonly flights = new InFlightCalls();
  private readonly pipeline: (ctx: CallContext) => Promise<CallToolResult>;
  private readonly limiters: Limiters;
  private readonly clock: (() => Date) | undefined;
  private readonly settingSources: Pick<MeshOptions, "platforms" | "env" | "overrides">;
  /** mesh://status and friends: told when calls or the catalog change, for subscribers. */
  private readonly status: StatusFeature;
  /** Durable workflow runs (startMesh starts them when mesh.yaml defines workflows). */
  workflows: WorkflowService | undefined;
  /** mesh.yaml's `policy:` in force; undefined without one (everything allowed). */
  policy: Policy | undefined;
  private closed = false;

  constructor(options: MeshOptions) {
    this.logger = withRedaction(
      options.logger ?? createLogger({ name: "agent-mesh" }),
      this.redactor,
    );
    this.state = options.state ?? new MemoryMeshState();
    this.clock = options.clock;
    this.settingSources = options;
    // Rate limits count where the shared state lives, so replicas on one Redis share a budget.
    this.limiters = new Limiters(
      isRedis(this.state)
        ? { kind: "redis", client: this.state.connection, keyPrefix: this.state.keyPrefix }
        : { kind: "memory" },
    );
    this.audit = options.audit;
    this.approvals = new ApprovalStore(this.state);
    this.pinning = new Pinning({
      lockPath: options.lockPath,
      disabled: options.noPin === true,
      config: () => this.config?.pinning ?? PINNING_DEFAULTS,
      audit: () => this.audit,
      logger: this.logger,
    });
    this.own.register(workflowsPart(() => this.workflows));
    // MCP Apps: the status, run and approvals views, and the approvals tools they act with.
    this.own.register(appsPart(this));
    this.sessions = new Sessions({
      catalog: (caller) => this.catalogFor(caller),
      catalogOf: (tenant) =>
        tenant ? (this.tenants.peek(tenant)?.supervisor.catalog ?? new Catalog([])) : this.catalog,
      downstreams: () => [
        ...this.list(),
        ...this.tenants.list().flatMap((t) => t.supervisor.list()),
      ],
      toolList: () => this.visibleTools(),
      tenant: (caller) => {
        try {
          return callerTenant(caller, this.config);
        } catch {
          return UNSERVED;
        }
      },
    });
    const env = options.env ?? process.env;
    const supervisorOptions = (tenant: string | undefined): SupervisorOptions => ({
      platforms: options.platforms,
      // A tenant's platforms never see the gateway's own credentials.
      env: tenant ? tenantEnvironment(env, options.platforms) : env,
      overrides: options.overrides,
      state: this.state,
      redactor: this.redactor,
      own: (config) => this.own.spec(config, (id) => this.flights.flightOf(id, "mesh")),
      onCatalog: () => {
        if (this.closed) return;
        this.sessions.listsChanged(tenant);
        this.status?.changed();
      },
      // Tenants' third-party servers are not pinned (mesh.lock names top-level servers only).
      ...(tenant ? {} : { review: this.pinning.review.bind(this.pinning) }),
      events: {
        notification: (downstream, notification) =>
          this.sessions.notify(downstream, notification, tenant),
        request: async (downstream, request) =>
          (await this.flights.route(downstream, request)) ??
          this.sessions.requestOutsideCall(request, tenant),
        log: (downstream, level, message) =>
          this.logger[level](`${tenant ? `${tenant}/` : ""}${downstream.name}: ${message}`),
      },
    });
    this.supervisor = new Supervisor(supervisorOptions(undefined));
    this.tenants = new TenantScopes({ supervisor: supervisorOptions, logger: this.logger });
    this.metrics = new MeshMetrics({
      sessions: () => this.sessions.size,
      downstreams: () => this.list().map(({ name, state }) => ({ name, state })),
      state: () => this.state.health(),
    });
    this.status = registerStatus(this.own, this);
    this.metrics.recent.onCall(() => this.status.changed());
    this.pipeline = createPipeline({
      metrics: this.metrics,
      logger: this.logger,
      flights: this.flights,
      policy: (caller) => this.scope(caller).policy,
      redactor: this.redactor,
      audit: () => this.audit,
      approvals: this.approvals,
      approvalsConfig: () => this.config?.approvals ?? APPROVALS_DEFAULTS,
      untrusted: (downstream) => this.untrusted(downstream),
      tracing: options.tracing,
    });
  }

  get catalog(): Catalog {
    return this.supervisor.catalog;
  }

  get config(): MeshConfig | undefined {
    return this.supervisor.config;
  }

  get searchActive(): boolean {
    return this.searchActiveIn(this.catalog);
  }

  /** Whether search mode answers for a catalog (the top level's, or a tenant's). */
  searchActiveIn(catalog: Catalog): boolean {
    const tools = this.config?.tools;
    if (!tools || tools.search === "off") return false;
    return tools.search === "on" || catalog.tools.size > tools.search_threshold;
  }

  /**
   * What serves `caller`: its tenant's downstreams, catalog and policy (started at the tenant's
   * first request), or the top level's for a caller without a tenant. An unknown tenant throws.
   */
  scope(caller: Caller | undefined): { supervisor: Supervisor; policy: Policy | undefined } {
    const tenant = caller ? callerTenant(caller, this.config) : undefined;
    if (tenant === undefined) return { supervisor: this.supervisor, policy: this.policy };
    return this.tenants.get(tenant);
  }

  /** The catalog `caller` sees: its tenant's, or the top level's. */
  catalogFor(caller: Caller | undefined): Catalog {
    return this.scope(caller).supervisor.catalog;
  }

  /**
   * A tool of the caller's catalog, waiting a moment for downstreams still making their first
   * connection (a tenant's start at its first use); undefined when it has none by that name or
   * its tenant is not served.
   */
  async toolFor(caller: Caller, name: string): Promise<Tool | undefined> {
    let supervisor: Supervisor;
    try {
      supervisor = this.scope(caller).supervisor;
    } catch {
      return undefined;
    }
    if (!supervisor.catalog.tools.has(name) && supervisor.starting) {
      await supervisor.settled(FIRST_LIST_WAIT_MS);
    }
    return supervisor.catalog.tools.get(name)?.exposed;
  }

  /**
   * The tools a caller sees: every tool the policy may let it call, or the search meta-tools
   * (whose search and describe show only those). Without a caller, every top-level tool.
   */
  visibleTools(caller?: Caller): Tool[] {
    const { supervisor, policy } = this.scope(caller);
    const catalog = supervisor.catalog;
    if (this.searchActiveIn(catalog)) return searchModeTools(catalog);
    const tools = catalog.toolList;
    if (!caller || !policy) return tools;
    return tools.filter((tool) => this.toolVisible(caller, tool.name));
  }

  /** Whether the policy may ever let `caller` call the tool (hidden from its lists if not). */
  toolVisible(caller: Caller, name: string): boolean {
    const { supervisor, policy } = this.scope(caller);
    const entry = supervisor.catalog.tools.get(name);
    if (!entry) return false;
    return (
      policy?.visible(caller, {
        name,
        server: entry.downstream.name,
        annotations: entry.exposed.annotations,
      }) ?? true
    );
  }

  /** True while some downstream is still making its first connection. */
  get starting(): boolean {
    return this.supervisor.starting;
  }

  list(): Downstream[] {
    return this.supervisor.list();
  }

  get(name: string): Downstream | undefined {
    return this.supervisor.get(name);
  }

  /**
   * Starts, keeps, restarts or stops downstreams so that they match `config`, and puts its policy
   * in force. A policy that cannot be compiled throws before anything changes.
   */
  async apply(config: MeshConfig): Promise<ApplyResult> {
    const roles = new RoleBook(config.roles);
    const policy = compilePolicy(config, this.limiters, this.clock, roles);
    // Every tenant's policy compiles (or the config is refused) before anything changes.
    const tenantPolicies = new Map(
      Object.keys(config.tenants).map((tenant) => [
        tenant,
        compilePolicy(tenantConfig(config, tenant), this.limiters, this.clock, roles, tenant),
      ]),
    );
    const policyChanged = policiesChanged(this.config, config);
    const result = await this.supervisor.apply(config);
    await this.tenants.apply(config, tenantPolicies);
    this.policy = policy;
    // What each caller may see can change with the policy alone.
    if (policyChanged.size > 0 && !this.closed) this.sessions.toolsChanged(policyChanged);
    return result;
  }

  /**
   * Accepts a third-party server's tools as they are now (or one of them) into mesh.lock, and
   * shows them again. Returns the names accepted.
   */
  approveTools(server: string, tool?: string): string[] {
    const downstream = this.get(server);
    if (!downstream || !isThirdParty(downstream.spec.kind)) {
      throw new Error(`${server} is not a third-party server of this mesh`);
    }
    const approved = this.pinning.approve(server, downstream.listing.tools, tool);
    this.supervisor.rebuild();
    return approved;
  }

  /**
   * Whether a third-party server's results are marked untrusted: `servers.<name>.untrusted` when
   * set, else while its tools are not pinned in mesh.lock. First-party tools mark their own.
   */
  untrusted(downstream: Downstream): boolean {
    if (!isThirdParty(downstream.spec.kind)) return false;
    // A tenant's server: its own setting, else untrusted (mesh.lock pins top-level servers only).
    if (this.supervisor.get(downstream.name) !== downstream) {
      return downstream.spec.untrusted ?? true;
    }
    const configured = this.config?.servers[downstream.name]?.untrusted;
    return configured ?? !this.pinning.pinned(downstream.name);
  }

  /**
   * One setting of a first-party integration as its platform would read it (the sandbox's
   * override, then mesh.yaml's `integrations:`, then the environment), or undefined when unset
   * or invalid. For the gateway's own use of an integration's secret (webhook signing).
   */
  integrationSetting(platformName: string, key: string): string | undefined {
    const { platforms, env = process.env, overrides } = this.settingSources;
    const platform = platforms.find((p) => p.name === platformName);
    const setting = platform?.config[key];
    if (!platform || !setting) return undefined;
    const integrations = this.config?.integrations as
      | Record<string, { values: Record<string, string> } | undefined>
      | undefined;
    const values = { ...integrations?.[platformName]?.values, ...overrides?.[platformName] };
    const resolved = resolveConfig({ [key]: setting }, { env, values });
    const value = resolved.ok ? resolved.config[key] : undefined;
    if (typeof value !== "string" || value === "") return undefined;
    this.redactor.add(value);
    return value;
  }

  /** Resolves when every downstream's first connection attempt has finished, or after `maxMs`. */
  settled(maxMs: number): Promise<void> {
    return this.supervisor.settled(maxMs);
  }

  /**
   * The one entry for every tool call: MCP sessions, search mode, the CLI, workflow steps and
   * the dashboard all come here, with the caller, and pass the same stages. An unknown tool is
   * a protocol error (invalid params); everything else is a result.
   */
  async callTool(request: CallRequest): Promise<CallToolResult> {
    const { supervisor } = this.scope(request.caller);
    let entry = supervisor.catalog.tools.get(request.name);
    if (!entry && supervisor.starting) {
      // A client may call a tool it remembers before a just-started server has listed it.
      await supervisor.settled(FIRST_LIST_WAIT_MS);
      entry = supervisor.catalog.tools.get(request.name);
    }
    if (!entry) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${quote(request.name)}. List the tools again: the mesh may have changed.`,
      );
    }
    return this.pipeline({
      id: this.flights.newId(),
      request,
      caller: request.caller,
      name: request.name,
      arguments: request.arguments ?? {},
      entry,
      downstream: entry.downstream,
      signal: request.signal ?? new AbortController().signal,
      timeoutMs: entry.downstream.spec.timeoutMs,
      startedAt: performance.now(),
    });
  }

  during<T>(
    downstream: Downstream,
    caller: Caller,
    answers: ClientRequests,
    work: (meta: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    const id = this.flights.newId();
    // As for tool calls: first-party servers learn the id to route back (and the mesh's own
    // downstream its caller); third-party ones get nothing extra.
    const meta: Record<string, string> = isThirdParty(downstream.spec.kind)
      ? {}
      : { [RELATED_CALL_META]: id };
    return this.flights.run(id, { downstream, answers, caller }, () => work(meta));
  }

  /** A new MCP server for one client session of `caller`, wired to this mesh (or its tenant's). */
  connectSession(caller: Caller): Server {
    return this.sessions.connect(sessionView(this, caller), caller);
  }

  subscribe(session: Session, uri: string, subscribe: boolean): Promise<void> {
    return this.sessions.subscribe(session, uri, subscribe);
  }

  setLogLevel(session: Session, level: LoggingLevel): Promise<void> {
    return this.sessions.setLogLevel(session, level);
  }

  health() {
    const state = this.state.health();
    const database = this.audit?.health();
    const ok = state.ok && (database?.ok ?? true);
    return {
      // An unreachable shared state or audit database makes the mesh degraded: calls that need
      // them fail at once (upstream_unavailable) until they are back.
      status: ok && this.list().every((d) => d.state === "ready") ? "ok" : "degraded",
      state,
      ...(database ? { database } : {}),
      sessions: this.sessions.size,
      tools: this.catalog.tools.size,
      search_mode: this.searchActive,
      downstreams: Object.fromEntries(this.list().map((d) => [d.name, d.health()])),
      // How many tenants have started (their downstreams are theirs: not shown here).
      ...(Object.keys(this.config?.tenants ?? {}).length > 0
        ? { tenants_started: this.tenants.list().length }
        : {}),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.status.close();
    await this.sessions.close();
    await Promise.all([this.supervisor.close(), this.tenants.close()]);
  }
}

/** The caller of a session over stdio: whoever started the gateway. */
export const STDIO_CALLER: Caller = {
  id: "stdio",
  name: "stdio client",
  kind: "stdio",
  roles: [],
};

/**
 * The scopes (undefined: the top level; else a tenant) whose policy, roles or sign-in differ
 * between two configs: what their callers may see may have changed.
 */
function policiesChanged(
  before: MeshConfig | undefined,
  after: MeshConfig,
): Set<string | undefined> {
  const view = (config: MeshConfig | undefined, tenant?: string) =>
    JSON.stringify([
      tenant ? (config?.tenants[tenant]?.policy ?? config?.policy) : config?.policy,
      config?.roles,
      config?.auth,
      tenant ? config?.tenants[tenant] === undefined : false,
    ]);
  const changed = new Set<string | undefined>();
  if (view(before) !== view(after)) changed.add(undefined);
  const tenants = new Set([...Object.keys(before?.tenants ?? {}), ...Object.keys(after.tenants)]);
  for (const tenant of tenants) {
    if (view(before, tenant) !== view(after, tenant)) changed.add(tenant);
  }
  return changed;
}

/** The tenant of sessions whose tenant this gateway does not serve: they are told nothing. */
const UNSERVED = "\u0000unserved";

/** Redis-backed state, told apart without loading ioredis (a type-only import). */
function isRedis(state: MeshState): state is RedisMeshState {
  return "connection" in state && state.health().kind === "redis";
}
