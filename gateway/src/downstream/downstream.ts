import { directToolCalls } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type CallToolResult,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  type Progress,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type ServerNotification,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { DirectToolCalls, type ToolCallParams } from "./direct-call.js";
import { LatencyWindow } from "./latency.js";
import { listEverything, listPrompts, listResources, listTools } from "./listing.js";
import { type DownstreamSpec, type DownstreamState, EMPTY_LISTING, type Listing } from "./types.js";

/** What a downstream tells the mesh about. */
export interface DownstreamEvents {
  /** Its state or its listing changed: the catalog is rebuilt. */
  changed(downstream: Downstream): void;
  /** Logging messages and resource updates, to route to clients. */
  notification(downstream: Downstream, notification: ServerNotification): void;
  /** Elicitation and sampling requests, to route to the client whose call caused them. */
  request(
    downstream: Downstream,
    request: { method: string; params?: Record<string, unknown> },
  ): Promise<Record<string, unknown>>;
  log(downstream: Downstream, level: "info" | "warn", message: string): void;
  /** Scrubs the mesh's credentials from text a server produced (stderr, error messages). */
  redact(text: string): string;
}

/** Thrown for calls to a downstream that is not ready: answered as `upstream_unavailable`. */
export class DownstreamUnavailable extends Error {
  constructor(readonly downstream: Downstream) {
    super(unavailableMessage(downstream));
  }
}

const STDERR_LINES = 20;

/**
 * One supervised downstream: connects (with a startup timeout), lists what it offers, follows
 * its list-changed notifications, pings it, and reconnects with exponential backoff when it is
 * lost. Calls while it is not ready fail at once.
 */
export class Downstream {
  state: DownstreamState = "starting";
  listing: Listing = EMPTY_LISTING;
  lastError: string | undefined;
  restarts = 0;
  readonly latency = new LatencyWindow();
  readonly stderr: string[] = [];
  /** True once it has been ready, so its last listing stays in the catalog across restarts. */
  everReady = false;

  private client: Client | undefined;
  /** Set while connected to an in-process server whose tool calls can run directly. */
  private direct: DirectToolCalls | undefined;
  private connectedAt = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private firstAttempt: Promise<void> | undefined;
  /** Progress callbacks by the token the gateway sent downstream. */
  private readonly progress = new Map<string, (progress: Progress) => void>();
  private nextProgressToken = 0;

  constructor(
    readonly spec: DownstreamSpec,
    private readonly events: DownstreamEvents,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** Starts connecting; resolves when the first attempt has succeeded or failed. */
  start(): Promise<void> {
    this.firstAttempt ??= this.connect();
    return this.firstAttempt;
  }

  /** The first attempt, for callers that want a complete list at start-up. */
  settled(): Promise<void> {
    return this.firstAttempt ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.healthTimer);
    const client = this.client;
    this.client = undefined;
    this.dropDirect();
    this.setState("stopped");
    await client?.close().catch(() => {});
    await this.spec.dispose?.().catch(() => {});
  }

  /** Sends a request; throws DownstreamUnavailable at once unless ready. */
  async request<T>(
    request: { method: string; params?: Record<string, unknown> },
    schema: Parameters<Client["request"]>[1],
    options: RequestOptions = {},
  ): Promise<T> {
    const client = this.client;
    if (this.state !== "ready" || !client) throw new DownstreamUnavailable(this);
    const started = performance.now();
    const { onprogress, ...rest } = options;
    let token: string | undefined;
    if (onprogress) {
      token = `${this.name}-${++this.nextProgressToken}`;
      this.progress.set(token, onprogress);
      const params = request.params ?? {};
      const meta = (params._meta as Record<string, unknown> | undefined) ?? {};
      request = { ...request, params: { ...params, _meta: { ...meta, progressToken: token } } };
    }
    try {
      return (await client.request(request as never, schema, rest)) as T;
    } catch (err) {
      if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed && !this.stopping) {
        throw new DownstreamUnavailable(this);
      }
      throw err;
    } finally {
      if (token) this.progress.delete(token);
      this.latency.record(performance.now() - started);
    }
  }

  /**
   * Calls a tool: directly on an in-process server's handler when it has one (see
   * DirectToolCalls), else as a tools/call request. Same results, errors and progress either way.
   */
  async callTool(
    params: ToolCallParams,
    schema: Parameters<Client["request"]>[1],
    options: RequestOptions = {},
  ): Promise<CallToolResult> {
    const direct = this.direct;
    if (!direct)
      return this.request({ method: "tools/call", params: { ...params } }, schema, options);
    if (this.state !== "ready" || !this.client) throw new DownstreamUnavailable(this);
    const started = performance.now();
    try {
      return await direct.call(params, options);
    } catch (err) {
      if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed && !this.stopping) {
        throw new DownstreamUnavailable(this);
      }
      throw err;
    } finally {
      this.latency.record(performance.now() - started);
    }
  }

  /** True when tool calls skip the in-memory link (an in-process server's own handler). */
  get callsDirectly(): boolean {
    return this.direct !== undefined;
  }

  /** Sends a notification (e.g. logging level) if connected. */
  async notify(method: string, params: Record<string, unknown>): Promise<void> {
    await this.client?.notification({ method, params } as never).catch(() => {});
  }

  health() {
    return {
      kind: this.spec.kind,
      state: this.state,
      ...(this.lastError ? { last_error: this.lastError } : {}),
      restarts: this.restarts,
      tools: this.listing.tools.length,
      ...(this.spec.configProblems?.length ? { not_configured: this.spec.configProblems } : {}),
      latency: this.latency.summary(),
    };
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    const client = this.newClient();
    let transport: Transport | undefined;
    try {
      const attempt = (async () => {
        transport = await this.spec.connect((line) => this.onStderr(line));
        await client.connect(transport);
        this.routeProgress(transport);
        return listEverything(client);
      })();
      const listing = await withTimeout(
        attempt,
        this.spec.startupTimeoutMs,
        `did not start within ${this.spec.startupTimeoutMs / 1000}s`,
      );
      if (this.stopping) {
        await client.close();
        return;
      }
      this.client = client;
      this.useDirect();
      this.listing = listing;
      this.connectedAt = Date.now();
      this.everReady = true;
      this.lastError = undefined;
      client.onclose = () => this.lost(client, "the connection closed");
      this.startHealthChecks(client);
      this.setState("ready");
    } catch (err) {
      await client.close().catch(() => {});
      await transport?.close().catch(() => {});
      this.fail(errorText(err, this.stderr));
    }
  }

  private useDirect(): void {
    this.dropDirect();
    const server = this.spec.inProcessServer?.();
    const handler = server && directToolCalls(server);
    if (server && handler) this.direct = new DirectToolCalls(server, handler);
  }

  /** Calls under way directly end as they would when the link closes. */
  private dropDirect(): void {
    this.direct?.closeAll();
    this.direct = undefined;
  }

  /**
   * Delivers progress notifications synchronously, as they arrive. The SDK dispatches
   * notifications a tick later but responses at once, so a tool's last progress, sent just
   * before its result, would otherwise be dropped.
   */
  private routeProgress(transport: Transport): void {
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (
        "method" in message &&
        message.method === "notifications/progress" &&
        !("id" in message)
      ) {
        const { progressToken, ...progress } = (message.params ?? {}) as Progress & {
          progressToken?: unknown;
        };
        const route = this.progress.get(String(progressToken));
        if (route) return route(progress);
      }
      deliver?.(message, extra);
    };
  }

  private newClient(): Client {
    const client = new Client(
      { name: "agent-mesh-gateway", version: "0.1.0" },
      { capabilities: { elicitation: { form: {} }, sampling: {} } },
    );
    client.setRequestHandler(
      ElicitRequestSchema,
      (request) => this.events.request(this, request) as never,
    );
    client.setRequestHandler(
      CreateMessageRequestSchema,
      (request) => this.events.request(this, request) as never,
    );
    client.setNotificationHandler(ToolListChangedNotificationSchema, () =>
      this.refresh(client, async () => ({ tools: await listTools(client) })),
    );
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () =>
      this.refresh(client, () => listResources(client, this.listing.capabilities)),
    );
    client.setNotificationHandler(PromptListChangedNotificationSchema, () =>
      this.refresh(client, async () => ({
        prompts: await listPrompts(client, this.listing.capabilities),
      })),
    );
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) =>
      this.events.notification(this, notification),
    );
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) =>
      this.events.notification(this, notification),
    );
    return client;
  }

  private async refresh(client: Client, list: () => Promise<Partial<Listing>>): Promise<void> {
    try {
      const update = await list();
      if (this.client !== client) return;
      this.listing = { ...this.listing, ...update };
      this.events.changed(this);
    } catch (err) {
      this.events.log(this, "warn", `could not refresh the listing: ${errorText(err)}`);
    }
  }

  private startHealthChecks(client: Client): void {
    clearInterval(this.healthTimer);
    this.healthTimer = setInterval(() => {
      client.ping({ timeout: Math.min(10_000, this.spec.healthIntervalMs) }).catch((err) => {
        if (this.client === client) this.lost(client, `health check failed: ${errorText(err)}`);
      });
    }, this.spec.healthIntervalMs);
    this.healthTimer.unref();
  }

  private lost(client: Client, reason: string): void {
    if (this.stopping || this.client !== client) return;
    this.client = undefined;
    this.dropDirect();
    clearInterval(this.healthTimer);
    void client.close().catch(() => {});
    // A server that stayed up a while starts again from the shortest delay.
    if (Date.now() - this.connectedAt > 10_000) this.failures = 0;
    const detail = this.stderr.length ? `; last stderr: ${this.stderr.at(-1)}` : "";
    this.lastError = this.events.redact(`${reason}${detail}`);
    this.events.log(this, "warn", `lost: ${this.lastError}`);
    this.scheduleRestart("restarting");
  }

  private fail(reason: string): void {
    if (this.stopping) return;
    this.lastError = this.events.redact(reason);
    this.events.log(this, "warn", `cannot connect: ${this.lastError}`);
    this.scheduleRestart(this.everReady ? "restarting" : "down");
  }

  private scheduleRestart(state: DownstreamState): void {
    const delay = Math.min(
      this.spec.restartDelayMs * 2 ** this.failures,
      this.spec.restartMaxDelayMs,
    );
    this.failures++;
    this.setState(state);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.restarts++;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private onStderr(line: string): void {
    this.stderr.push(this.events.redact(line));
    if (this.stderr.length > STDERR_LINES) this.stderr.shift();
  }

  private setState(state: DownstreamState): void {
    const changed = state !== this.state;
    this.state = state;
    if (changed || state === "ready") this.events.changed(this);
  }
}

function unavailableMessage(downstream: Downstream): string {
  const { name, state, lastError } = downstream;
  const why = lastError ? ` (${lastError})` : "";
  if (state === "starting") return `${name} is still starting; try again in a moment`;
  if (state === "stopped") return `${name} has been removed from the mesh`;
  return `${name} is ${state === "restarting" ? "restarting" : "down"}${why}; the gateway retries automatically, try again shortly, and see \`agent-mesh doctor\` or GET /health`;
}

function errorText(err: unknown, stderr: string[] = []): string {
  const message = err instanceof Error ? err.message : String(err);
  const last = stderr.at(-1);
  return last && !message.includes(last) ? `${message}; last stderr: ${last}` : message;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
