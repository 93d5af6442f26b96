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
import type { Catalog } from "./catalog/catalog.js";
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
import { Policy } from "./policy/policy.js";
import { OPEN_POLICY, rolesInUse } from "./policy/roles-in-use.js";
import { FIRST_LIST_WAIT_MS } from "./proxy/list-wait.js";
import type { MeshApi } from "./proxy/mesh-api.js";
import { searchModeTools } from "./proxy/search-tools.js";
import type { Session } from "./proxy/session.js";
import { Sessions } from "./proxy/sessions.js";
import { MemoryMeshState, type MeshState, type RedisMeshState } from "./state/index.js";
import { registerStatus, type StatusFeature } from "./status/index.js";
import { type ApplyResult, Supervisor } from "./supervisor.js";
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
      catalog: () => this.catalog,
      downstreams: () => this.list(),
      toolList: () => this.visibleTools(),
    });
    this.supervisor = new Supervisor({
      platforms: options.platforms,
      env: options.env ?? process.env,
      overrides: options.overrides,
      state: this.state,
      redactor: this.redactor,
      own: (config) => this.own.spec(config, (id) => this.flights.flightOf(id, "mesh")),
      onCatalog: () => {
        if (this.closed) return;
        this.sessions.listsChanged();
        this.status?.changed();
      },
      review: (server, tools, others) => this.pinning.review(server, tools, others),
      events: {
        notification: (downstream, notification) => this.sessions.notify(downstream, notification),
        request: async (downstream, request) =>
          (await this.flights.route(downstream, request)) ??
          this.sessions.requestOutsideCall(request),
        log: (downstream, level, message) => this.logger[level](`${downstream.name}: ${message}`),
      },
    });
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
      policy: () => this.policy,
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
    const tools = this.config?.tools;
    if (!tools || tools.search === "off") return false;
    return tools.search === "on" || this.catalog.tools.size > tools.search_threshold;
  }

  /**
   * The tools a caller sees: every tool the policy may let it call, or the search meta-tools
   * (whose search and describe show only those). Without a caller, every tool.
   */
  visibleTools(caller?: Caller): Tool[] {
    if (this.searchActive) return searchModeTools(this.catalog);
    const tools = this.catalog.toolList;
    if (!caller || !this.policy) return tools;
    return tools.filter((tool) => this.toolVisible(caller, tool.name));
  }

  /** Whether the policy may ever let `caller` call the tool (hidden from its lists if not). */
  toolVisible(caller: Caller, name: string): boolean {
    const entry = this.catalog.tools.get(name);
    if (!entry) return false;
    return (
      this.policy?.visible(caller, {
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
    // Roles limit callers only when some caller can hold one: signed in, or a client given one.
    const policy =
      config.policy || rolesInUse(config, roles)
        ? new Policy(config.policy ?? OPEN_POLICY, this.limiters, this.clock, roles)
        : undefined;
    const policyChanged =
      JSON.stringify([config.policy, config.roles, config.auth]) !==
      JSON.stringify([this.config?.policy, this.config?.roles, this.config?.auth]);
    const result = await this.supervisor.apply(config);
    this.policy = policy;
    // What each caller may see can change with the policy alone.
    if (policyChanged && !this.closed) this.sessions.toolsChanged();
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
    let entry = this.catalog.tools.get(request.name);
    if (!entry && this.starting) {
      // A client may call a tool it remembers before a just-started server has listed it.
      await this.settled(FIRST_LIST_WAIT_MS);
      entry = this.catalog.tools.get(request.name);
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

  /** A new MCP server for one client session of `caller`, wired to this mesh. */
  connectSession(caller: Caller): Server {
    return this.sessions.connect(this, caller);
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
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.status.close();
    await this.sessions.close();
    await this.supervisor.close();
  }
}

/** The caller of a session over stdio: whoever started the gateway. */
export const STDIO_CALLER: Caller = {
  id: "stdio",
  name: "stdio client",
  kind: "stdio",
  roles: [],
};

/** Redis-backed state, told apart without loading ioredis (a type-only import). */
function isRedis(state: MeshState): state is RedisMeshState {
  return "connection" in state && state.health().kind === "redis";
}
