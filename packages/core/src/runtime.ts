import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { McpError, ErrorCode as RpcErrorCode } from "@modelcontextprotocol/sdk/types.js";
import type { Approver, AskUser } from "./approval.js";
import type { Caller } from "./caller.js";
import { ConfirmationManager } from "./confirm.js";
import { confirmTokenApprover } from "./confirm-flow.js";
import type { ToolContext } from "./context.js";
import { envelopeResult } from "./envelope.js";
import { isPlatformError, PlatformError, toEnvelope } from "./errors.js";
import { type IdempotencyStore, StateIdempotencyStore } from "./idempotency.js";
import { runOnce } from "./in-flight.js";
import { inputProblem } from "./input-limits.js";
import { describeIssues, type ExpectedKeys } from "./json-schema.js";
import { createLogger, type Logger, withRedaction } from "./logger.js";
import type { AnyPlatform, PlatformDefinition } from "./platform.js";
import { type AnyTool, type PreparedTool, prepareTool } from "./prepare-tool.js";
import { ProtocolError } from "./protocol-error.js";
import { quote } from "./quote.js";
import { READ_ONLY_SETTING, readOnlyMode } from "./read-only.js";
import { Redactor } from "./redact.js";
import { redactPaths, sensitiveValues } from "./sensitive.js";
import { type ConfigProblem, resolveConfig, type Settings } from "./settings.js";
import { hashOf } from "./stable-json.js";
import { MemoryState, type SharedState } from "./state.js";
import { guardState } from "./state-guard.js";
import { errorFromNetwork } from "./status-errors.js";
import { CONFIRM_TOKEN_KEY, IDEMPOTENCY_KEY } from "./tool.js";

export interface RuntimeOptions {
  /** Environment to read settings from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Explicit setting values by key (the gateway's mesh.yaml); they win over the environment. */
  values?: Record<string, unknown>;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Require confirmation for dangerous tools (default true; operators may turn it off). */
  confirmations?: boolean;
  /**
   * Decides whether a tool with `confirm` may run. Default: the confirm-token/elicitation flow
   * (`confirmTokenApprover`); the gateway passes its own to put an operator in the loop.
   */
  approver?: Approver;
  /** Lifetime of the default approver's confirm tokens (default five minutes). */
  confirmTtlMs?: number;
  /** Signing key of confirmation tokens (default: a random key kept in `state`). */
  confirmSecret?: string;
  /**
   * Where idempotency records, in-flight claims and spent confirmation tokens live (default this
   * process's memory). Give several processes one shared state (the gateway's Redis) and a call
   * runs once, and a token is accepted once, whichever process gets it. A failure of the state
   * answers `upstream_unavailable`.
   */
  state?: SharedState;
  /** Where idempotency records are kept (default: in `state`). */
  idempotencyStore?: IdempotencyStore;
  /** How long a result is replayed for a caller-given key (default 24 h). */
  idempotencyTtlMs?: number;
  /** How long a result is replayed for an identical call without a key (default 60 s). */
  derivedIdempotencyTtlMs?: number;
  /** How long an in-flight claim outlives a process that died holding it (default 30 s). */
  inFlightClaimTtlMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: number, total?: number, message?: string) => Promise<void>;
  /**
   * Asks the person at the client to confirm (MCP elicitation). Resolves true or false, or
   * undefined when the client cannot ask, in which case the confirm-token flow is used.
   */
  confirm?: AskUser;
  /** Who is calling; passed to the approver and to the tool's context. */
  caller?: Caller;
}

export interface PlatformRuntime {
  readonly platform: AnyPlatform;
  /** Tools as MCP lists them: JSON Schemas, annotations, titles. */
  readonly tools: Tool[];
  readonly configProblems: ConfigProblem[];
  readonly redactor: Redactor;
  readonly logger: Logger;
  has(name: string): boolean;
  /**
   * The arguments with the tool's sensitive fields masked, for audit records and logs; an
   * unknown tool's arguments come back unchanged. Known secrets are scrubbed too.
   */
  redactArguments(name: string, args: Record<string, unknown>): Record<string, unknown>;
  /**
   * Why `call` would refuse these arguments as invalid_request (the same checks, the same
   * message), or undefined when they are valid or the tool is unknown. Nothing runs. The
   * gateway asks this before it asks a person to approve a call.
   */
  checkArguments(name: string, args: unknown): string | undefined;
  call(name: string, args: unknown, options?: CallOptions): Promise<CallToolResult>;
  /** Calls under way now. */
  readonly inFlight: number;
  /** Resolves when no call is under way. */
  idle(): Promise<void>;
}

const MCP_META_REPLAY = "agent-mesh/idempotent-replay";

/**
 * The platform-independent engine behind every server: validates input, resolves config,
 * applies confirmation and idempotency, runs the tool, validates output and shapes errors.
 * Servers and the gateway share it, so a tool behaves the same however it is reached.
 */
export function createRuntime<S extends Settings, C>(
  platform: PlatformDefinition<S, C>,
  options: RuntimeOptions = {},
): PlatformRuntime {
  const resolved = resolveConfig(platform.config, { env: options.env, values: options.values });
  const redactor = new Redactor().add(...resolved.secrets);
  const logger = options.logger
    ? withRedaction(options.logger, redactor)
    : createLogger({ name: `mcp-${platform.name}`, redactor });
  const confirmations = options.confirmations ?? true;
  const state = guardState(options.state ?? new MemoryState());
  const approver =
    options.approver ??
    confirmTokenApprover(
      new ConfirmationManager({
        ttlMs: options.confirmTtlMs,
        state,
        secret: options.confirmSecret,
      }),
    );
  const store = options.idempotencyStore ?? new StateIdempotencyStore(state);
  const claimTtl = options.inFlightClaimTtlMs ?? 30_000;
  const keyTtl = options.idempotencyTtlMs ?? 24 * 60 * 60_000;
  const derivedTtl = options.derivedIdempotencyTtlMs ?? 60_000;
  const running = new Map<string, { fingerprint: string; promise: Promise<CallToolResult> }>();
  const prepared = new Map<string, PreparedTool>();
  let client: { value: C } | undefined;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  // The read-only switch (a `readOnly` setting) hides every tool that writes; a platform's own
  // `visible` (toolsets, say) leaves out more. Both hold while credentials are missing.
  const readOnly = readOnlyMode(platform.config, { env: options.env, values: options.values });
  const settled = resolved.ok ? resolved.config : resolved.partial;
  const hidden = new Set<string>();
  for (const def of platform.tools as AnyTool[]) {
    if (platform.visible && !platform.visible(def, settled)) continue;
    if (readOnly && !def.annotations.readOnlyHint) hidden.add(def.name);
    else prepared.set(def.name, prepareTool(def, confirmations));
  }

  const fail = (tool: string, err: PlatformError, scrub: Redactor = redactor): CallToolResult =>
    envelopeResult(scrub.value(toEnvelope(platform.name, tool, err)));

  const getClient = (): C => {
    if (!resolved.ok) throw notConfigured(platform.title, resolved.problems);
    client ??= { value: platform.client(resolved.config, { fetch: options.fetch ?? fetch }) };
    return client.value;
  };

  /** What one call needs besides its input: the scrubber that knows its sensitive values. */
  interface CallScope {
    tool: PreparedTool;
    input: Record<string, unknown>;
    /** Hash of the exact arguments, computed only for tools that confirm or are idempotent. */
    fingerprint: () => string;
    scrub: Redactor;
    log: Logger;
    idempotency?: { key: string; source: "caller" | "derived" };
  }

  const execute = async (scope: CallScope, call: CallOptions): Promise<CallToolResult> => {
    const { def } = scope.tool;
    const ctx: ToolContext<C> = {
      client: getClient(),
      platform: platform.name,
      tool: def.name,
      signal: call.signal ?? new AbortController().signal,
      progress: call.onProgress ?? (async () => {}),
      log: scope.log,
      idempotencyKey: scope.idempotency?.key,
      idempotencyKeySource: scope.idempotency?.source,
      caller: call.caller,
    };
    const output = await def.run(scope.input, ctx as ToolContext<unknown>);
    const checked = def.output.safeParse(output);
    if (!checked.success) {
      throw new Error(
        `output of ${def.name} does not match its schema: ${describeIssues(checked.error)}`,
      );
    }
    const data = scope.scrub.value(checked.data as Record<string, unknown>);
    const summary = def.summary
      ? scope.scrub.text(def.summary(checked.data))
      : `${def.title}: done.`;
    return {
      content: [{ type: "text", text: `${summary}\n${JSON.stringify(data)}` }],
      structuredContent: data,
    } satisfies CallToolResult;
  };

  const approveOrRefuse = async (
    scope: CallScope,
    token: string | undefined,
    call: CallOptions,
  ): Promise<CallToolResult | undefined> => {
    const { def } = scope.tool;
    if (!def.confirm || !confirmations) return undefined;
    if (def.confirm.when && !(await def.confirm.when(scope.input, getClient()))) return undefined;
    const args = redactPaths(scope.input, scope.tool.sensitive);
    const what = scope.scrub.text(def.confirm.message(args, getClient()));
    const refusal = await approver.approve({
      platform: platform.name,
      tool: def.name,
      args: scope.scrub.value(args),
      fingerprint: scope.fingerprint(),
      what,
      token,
      ask: call.confirm,
      caller: call.caller,
      signal: call.signal,
    });
    return refusal && fail(def.name, refusal, scope.scrub);
  };

  const handle = async (
    tool: PreparedTool,
    rawArgs: unknown,
    call: CallOptions,
    scrub: Redactor,
  ): Promise<CallToolResult> => {
    const { name } = tool.def;
    const problem = inputProblem(rawArgs ?? {}, tool.freeForm);
    if (problem) {
      return fail(
        name,
        new PlatformError("invalid_request", `Invalid arguments for ${name}: ${problem}`),
        scrub,
      );
    }
    const parsed = tool.input.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return fail(
        name,
        new PlatformError(
          "invalid_request",
          `Invalid arguments for ${name}: ${describeIssues(parsed.error, expectedKeys(tool))}`,
        ),
        scrub,
      );
    }
    const { [CONFIRM_TOKEN_KEY]: token, [IDEMPOTENCY_KEY]: givenKey, ...input } = parsed.data;
    if (!resolved.ok) return fail(name, notConfigured(platform.title, resolved.problems), scrub);

    let hash: string | undefined;
    const scope: CallScope = {
      tool,
      input,
      fingerprint: () => {
        hash ??= hashOf(input);
        return hash;
      },
      scrub,
      log: scrub === redactor ? logger : withRedaction(logger, scrub),
    };
    const run = async () => {
      const refusal = await approveOrRefuse(scope, token as string | undefined, call);
      return refusal ?? (await execute(scope, call));
    };
    if (!tool.def.idempotent) return await run();

    const fingerprint = scope.fingerprint();
    const explicit = typeof givenKey === "string";
    scope.idempotency = explicit
      ? { key: givenKey, source: "caller" }
      : { key: hashOf(platform.name, name, fingerprint), source: "derived" };

    // A caller's key names one intended action: reusing it for other arguments is refused,
    // never answered with another call's result. Without a key, the arguments are the key.
    const key = `${platform.name}:${name}:${explicit ? `key:${givenKey}` : `args:${fingerprint}`}`;
    const conflict = () =>
      fail(
        name,
        new PlatformError(
          "conflict",
          `idempotency_key "${givenKey}" was already used for ${name} with different arguments; use a new key for a new action`,
        ),
        scrub,
      );
    const local = running.get(key);
    if (local) return local.fingerprint === fingerprint ? await local.promise : conflict();
    const promise = runOnce({
      state,
      store,
      key,
      fingerprint,
      recordTtlMs: explicit ? keyTtl : derivedTtl,
      claimTtlMs: claimTtl,
      signal: call.signal,
      logger,
      run,
      replay: ({ result }) => ({ ...result, _meta: { ...result._meta, [MCP_META_REPLAY]: true } }),
      conflict,
    });
    running.set(key, { fingerprint, promise });
    try {
      return await promise;
    } finally {
      running.delete(key);
    }
  };

  return {
    platform,
    tools: [...prepared.values()].map((tool) => tool.listed),
    configProblems: resolved.ok ? [] : resolved.problems,
    redactor,
    logger,
    has: (name) => prepared.has(name),
    redactArguments(name, args) {
      const tool = prepared.get(name);
      return redactor.value(tool ? redactPaths(args, tool.sensitive) : args);
    },
    checkArguments(name, args) {
      const tool = prepared.get(name);
      if (!tool) return undefined;
      const problem = inputProblem(args ?? {}, tool.freeForm);
      if (problem) return `Invalid arguments for ${name}: ${problem}`;
      const parsed = tool.input.safeParse(args ?? {});
      if (parsed.success) return undefined;
      const scrub = redactor.with(...sensitiveValues(args, tool.sensitive));
      return scrub.text(
        `Invalid arguments for ${name}: ${describeIssues(parsed.error, expectedKeys(tool))}`,
      );
    },
    get inFlight() {
      return inFlight;
    },
    idle: () =>
      inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    async call(name, args, call = {}) {
      const tool = prepared.get(name);
      if (!tool && hidden.has(name)) {
        const env = platform.config[READ_ONLY_SETTING]?.env;
        return envelopeResult(
          toEnvelope(
            platform.name,
            name,
            new PlatformError(
              "policy_denied",
              `${name} writes, and ${platform.title} is in read-only mode (${env}=true); unset ${env} to allow it`,
            ),
          ),
        );
      }
      if (!tool) {
        throw new ProtocolError(
          RpcErrorCode.InvalidParams,
          `Unknown tool ${quote(name)} on platform ${platform.name}`,
        );
      }
      // Sensitive values are scrubbed from all this call echoes, even a refusal of bad input.
      const scrub =
        tool.sensitive.length === 0
          ? redactor
          : redactor.with(...sensitiveValues(args, tool.sensitive));
      inFlight++;
      try {
        return await handle(tool, args, call, scrub);
      } catch (err) {
        return toFailure(err);
      } finally {
        inFlight--;
        if (inFlight === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const wake of waiters) wake();
        }
      }

      function toFailure(err: unknown): CallToolResult {
        if (err instanceof McpError) throw err;
        if (isPlatformError(err)) return fail(name, err, scrub);
        const mapped = safeMap(platform.mapError, err);
        if (mapped) return fail(name, mapped, scrub);
        if (call.signal?.aborted) {
          return fail(
            name,
            new PlatformError("timeout", `${name} was cancelled before it finished`),
            scrub,
          );
        }
        const network = errorFromNetwork(err, platform.title);
        if (network) return fail(name, network, scrub);
        const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
        withRedaction(logger, scrub).error(`internal error in ${name}`, { error: detail });
        throw new ProtocolError(
          RpcErrorCode.InternalError,
          `Internal error in ${name}; the server's log has the details`,
        );
      }
    },
  };
}

/** The argument names a tool takes, as its clients see them. */
function expectedKeys(tool: PreparedTool): ExpectedKeys {
  const schema = tool.listed.inputSchema as { properties?: object; required?: string[] };
  return { all: Object.keys(schema.properties ?? {}), required: schema.required ?? [] };
}

function notConfigured(title: string, problems: ConfigProblem[]): PlatformError {
  const vars = problems.map((problem) => problem.env);
  return new PlatformError(
    "not_configured",
    `${title} is not configured: ${problems.map((p) => p.message).join("; ")}. Set ${vars.join(", ")} in the server's environment and call again.`,
    { details: { variables: vars } },
  );
}

function safeMap(mapError: (error: unknown) => PlatformError | undefined, err: unknown) {
  try {
    return mapError(err);
  } catch {
    return undefined;
  }
}
