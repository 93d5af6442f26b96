import { hashOf, inputProblem, type Redactor, redactPaths, sensitivePaths } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { argumentsProblem } from "../approvals/arguments-check.js";
import { needsApproval } from "../approvals/needs-approval.js";
import type { ApprovalStore, PendingApproval } from "../approvals/store.js";
import { waitForDecision } from "../approvals/wait.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { ApprovalsConfig } from "../audit/config.js";
import { formatDuration } from "../config/duration.js";
import { envelopeResult } from "../proxy/envelope.js";
import type { CallContext, Stage } from "./context.js";

/** The argument (or `_meta` key) a caller repeats a call with once an operator approved it. */
export const APPROVAL_ID_KEY = "approval_id";
export const APPROVAL_META = "io.agent-mesh/approval";

export interface ApprovalDeps {
  store: ApprovalStore;
  config: () => ApprovalsConfig;
  audit: () => AuditLog | undefined;
  redactor: Redactor;
}

/**
 * Destructive calls (and those policy marks) wait for a person: the user through MCP elicitation
 * when the client can ask, otherwise an operator (`agent-mesh approvals approve <id>`), after
 * which the caller repeats the call with the approval id and it runs once. An approval is bound
 * to the caller, the tool and the exact arguments.
 */
export function approval(deps: ApprovalDeps): Stage {
  return async (ctx, next) => {
    const given = takeApprovalId(ctx);
    const config = deps.config();
    if (!config.enabled || !needsApproval(ctx)) return next();
    // First-party platforms check with their own rules (zod), others by the listed JSON Schema.
    const { checkArguments } = ctx.downstream.spec;
    const problem = checkArguments
      ? checkArguments(ctx.entry.original, ctx.arguments)
      : (inputProblem(ctx.arguments) ?? argumentsProblem(ctx.entry.exposed, ctx.arguments));
    if (problem) {
      // Refused here, not passed on unapproved: a server may be more lenient than its schema.
      return envelopeResult(
        ctx.downstream.name,
        ctx.name,
        "invalid_request",
        checkArguments
          ? problem
          : `Invalid arguments for ${ctx.name}: ${problem}. Nothing was run; fix them and call again.`,
      );
    }
    const fingerprint = hashOf(ctx.caller.id, ctx.name, ctx.arguments);
    const shown = redactPaths(ctx.arguments, sensitivePaths(ctx.entry.exposed.inputSchema));
    const args = deps.redactor.value(shown);
    const what = describeCall(ctx, args);

    if (given !== undefined) {
      const record = await deps.store.get(given);
      const problem = checkApproval(record, ctx, fingerprint, given);
      // Still waiting: the same request again, not a new one.
      const waiting = record?.status === "pending" && record.fingerprint === fingerprint;
      if (problem)
        return askOperator(
          deps,
          ctx,
          fingerprint,
          args,
          what,
          problem,
          waiting ? record : undefined,
        );
      if (!(await deps.store.use(record!)))
        return askOperator(
          deps,
          ctx,
          fingerprint,
          args,
          what,
          `approval ${given} was already used.`,
        );
      ctx.approval = { via: "operator", id: given, ...(record!.by ? { by: record!.by } : {}) };
      return next();
    }

    const answers = ctx.request.clientRequests;
    if (answers?.supports("elicitation/create", { mode: "form" })) {
      let reply: Record<string, unknown>;
      try {
        reply = await answers.send({
          method: "elicitation/create",
          params: {
            mode: "form",
            message: `${what} Allow?`,
            requestedSchema: { type: "object", properties: {} },
          },
        });
      } catch (err) {
        // The client could not ask after all: an operator decides instead.
        return askOperator(
          deps,
          ctx,
          fingerprint,
          args,
          what,
          `The client could not ask (${String(err)}).`,
        );
      }
      const action = reply.action;
      record(deps, ctx, action === "accept" ? "approved" : "declined", { via: "elicitation" });
      if (action === "accept") {
        ctx.approval = { via: "elicitation" };
        return next();
      }
      return envelopeResult(
        ctx.downstream.name,
        ctx.name,
        "confirmation_required",
        `Not done: the user ${action === "decline" ? "declined" : "dismissed the request"}. ${what}`,
      );
    }
    if (config.wait > 0) return waitForOperator(deps, ctx, fingerprint, args, what, next);
    return askOperator(deps, ctx, fingerprint, args, what);
  };
}

/**
 * approvals.wait: asks an operator and holds the call until one decides (on any replica), up to
 * the configured time, reporting progress meanwhile. Approved, it runs once; denied, it answers
 * so; no decision in time, it answers as without a wait (confirmation_required, same request).
 */
async function waitForOperator(
  deps: ApprovalDeps,
  ctx: CallContext,
  fingerprint: string,
  args: unknown,
  what: string,
  next: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const config = deps.config();
  const request = await deps.store.create(
    {
      caller: ctx.caller.id,
      tool: ctx.name,
      downstream: ctx.downstream.name,
      args,
      what,
      fingerprint,
    },
    config.ttl,
  );
  record(deps, ctx, "requested", { id: request.id, wait: config.wait });
  const decided = await waitForDecision(deps.store, request.id, {
    ms: Math.min(config.wait, config.ttl),
    signal: ctx.signal,
    ...(ctx.request.onProgress ? { onProgress: ctx.request.onProgress } : {}),
    message: `Waiting for an operator: agent-mesh approvals approve ${request.id}`,
  });
  if (decided?.status === "approved") {
    if (!(await deps.store.use(decided)))
      return askOperator(
        deps,
        ctx,
        fingerprint,
        args,
        what,
        `approval ${request.id} was already used.`,
      );
    ctx.approval = { via: "operator", id: request.id, ...(decided.by ? { by: decided.by } : {}) };
    return next();
  }
  if (decided?.status === "denied") {
    return envelopeResult(
      ctx.downstream.name,
      ctx.name,
      "permission_denied",
      `Not done: ${decided.by ?? "an operator"} denied approval ${request.id}${decided.reason ? ` (${decided.reason})` : ""}. ${what}`,
      { approval_id: request.id },
    );
  }
  const still = await deps.store.get(request.id);
  return askOperator(
    deps,
    ctx,
    fingerprint,
    args,
    what,
    `No operator decided within ${formatDuration(config.wait)}.`,
    still?.status === "pending" ? still : undefined,
  );
}

/** Removes the gateway's approval id from the arguments (the downstream never sees it). */
function takeApprovalId(ctx: CallContext): string | undefined {
  const properties = ctx.entry.exposed.inputSchema.properties as
    | Record<string, unknown>
    | undefined;
  const meta = ctx.request.meta?.[APPROVAL_META];
  let given = typeof meta === "string" ? meta : undefined;
  if (APPROVAL_ID_KEY in ctx.arguments && !(properties && APPROVAL_ID_KEY in properties)) {
    const { [APPROVAL_ID_KEY]: id, ...rest } = ctx.arguments;
    ctx.arguments = rest;
    if (typeof id === "string") given ??= id;
  }
  return given;
}

function checkApproval(
  record: PendingApproval | undefined,
  ctx: CallContext,
  fingerprint: string,
  id: string,
): string | undefined {
  if (!record) return `approval ${id} is unknown or expired.`;
  if (
    record.caller !== ctx.caller.id ||
    record.tenant !== ctx.caller.tenant ||
    record.tool !== ctx.name
  )
    return `approval ${id} was given for another caller or tool.`;
  if (record.fingerprint !== fingerprint)
    return `approval ${id} was given for different arguments; it does not cover this call.`;
  if (record.status === "pending") return `approval ${id} is still waiting for an operator.`;
  if (record.status === "denied")
    return `approval ${id} was denied${record.reason ? `: ${record.reason}` : ""}.`;
  return undefined;
}

/** Answers confirmation_required with a (new) approval id an operator can approve. */
async function askOperator(
  deps: ApprovalDeps,
  ctx: CallContext,
  fingerprint: string,
  args: unknown,
  what: string,
  problem?: string,
  pending?: PendingApproval,
): Promise<CallToolResult> {
  const request =
    pending ??
    (await deps.store.create(
      {
        caller: ctx.caller.id,
        ...(ctx.caller.tenant ? { tenant: ctx.caller.tenant } : {}),
        tool: ctx.name,
        downstream: ctx.downstream.name,
        args,
        what,
        fingerprint,
      },
      deps.config().ttl,
    ));
  if (!pending) record(deps, ctx, "requested", { id: request.id, problem });
  return envelopeResult(
    ctx.downstream.name,
    ctx.name,
    "confirmation_required",
    `${problem ? `${problem} ` : ""}${what} This needs an operator's approval: an operator runs \`agent-mesh approvals approve ${request.id}\`; then call ${ctx.name} again with the same arguments and approval_id set to "${request.id}" (valid until ${request.expires_at}, once).`,
    { approval_id: request.id, expires_at: request.expires_at },
  );
}

function describeCall(ctx: CallContext, args: unknown): string {
  let text = JSON.stringify(args);
  if (text.length > 200) text = `${text.slice(0, 197)}...`;
  return `${ctx.caller.name} wants to run ${ctx.name} (on ${ctx.downstream.name}, which can destroy or change data) with ${text}.`;
}

function record(deps: ApprovalDeps, ctx: CallContext, outcome: string, detail: unknown): void {
  deps.audit()?.event({
    kind: "approval",
    caller: ctx.caller.id,
    tenant: ctx.caller.tenant,
    address: ctx.caller.address,
    tool: ctx.name,
    downstream: ctx.downstream.name,
    outcome,
    detail,
  });
}
