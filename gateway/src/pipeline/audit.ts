import type { Redactor } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { auditArguments } from "../audit/arguments.js";
import type { AuditLog } from "../audit/audit-log.js";
import { envelopeResult } from "../proxy/envelope.js";
import type { CallContext, Stage } from "./context.js";
import { type Outcome, outcomeOf } from "./outcome.js";

/**
 * Writes one record per call after it settles: who, from where, which tool, its redacted
 * arguments, the outcome, how long, the policy rule and the approval that applied. When the log
 * cannot be written, a side-effecting call is refused before it runs (fail closed, configurable)
 * and a read-only one goes on (fail open, logged).
 */
export function audit(log: () => AuditLog | undefined, redactor: Redactor): Stage {
  return async (ctx, next) => {
    const auditLog = log();
    if (!auditLog?.config.enabled) return next();
    const readOnly = ctx.entry.exposed.annotations?.readOnlyHint === true;
    const failure = readOnly
      ? auditLog.config.on_failure.read_only
      : auditLog.config.on_failure.side_effects;
    if (failure === "closed") {
      try {
        await auditLog.check();
      } catch (err) {
        return refused(ctx, String(err));
      }
    }
    // Taken now: a later stage strips what is the gateway's own (the approval id).
    const args = auditArguments(
      ctx.entry.exposed,
      ctx.arguments,
      redactor,
      auditLog.config.max_argument_bytes,
    );
    let outcome: Outcome = "protocol_error";
    try {
      const result = await next();
      outcome = outcomeOf(result);
      return result;
    } catch (err) {
      if (ctx.request.signal?.aborted) outcome = "cancelled";
      throw err;
    } finally {
      const violations = ctx.policy?.violations ?? [];
      const rule = ctx.policy?.rule
        ? `${ctx.policy.rule.source} ${ctx.policy.rule.id}`.trim()
        : undefined;
      // Each violation is its own record too, so `agent-mesh audit` finds them by kind.
      for (const violation of violations) {
        auditLog.event({
          kind: "violation",
          caller: ctx.caller.id,
          tenant: ctx.caller.tenant,
          address: ctx.caller.address,
          tool: ctx.name,
          downstream: ctx.downstream.name,
          outcome: ctx.policy?.mode === "permissive" ? "permitted" : "refused",
          rule: violation.rule ?? rule,
          detail: { kind: violation.kind, message: violation.message, mode: ctx.policy?.mode },
        });
      }
      await auditLog
        .append({
          kind: "call",
          caller: ctx.caller.id,
          tenant: ctx.caller.tenant,
          address: ctx.caller.address,
          tool: ctx.name,
          downstream: ctx.downstream.name,
          arguments: args,
          outcome,
          duration_ms: Math.round((performance.now() - ctx.startedAt) * 10) / 10,
          rule,
          approval: ctx.approval,
          detail: detailOf(ctx, violations),
        })
        // Logged by the log; the call has already happened, so its result still goes back.
        .catch(() => {});
    }
  };
}

function refused(ctx: CallContext, why: string): CallToolResult {
  return envelopeResult(
    ctx.downstream.name,
    ctx.name,
    "upstream_unavailable",
    `${ctx.name} was not run: the audit log cannot be written (${why}), and calls with side effects are refused until it can. Check \`database:\` in mesh.yaml, or set audit.on_failure.side_effects: open to let them run unrecorded.`,
  );
}

/** The record's detail: the policy's violations and the usage the call reported, if any. */
function detailOf(
  ctx: CallContext,
  violations: NonNullable<CallContext["policy"]>["violations"],
): Record<string, unknown> | undefined {
  const detail: Record<string, unknown> = {};
  if (violations.length > 0) Object.assign(detail, { mode: ctx.policy?.mode, violations });
  if (ctx.usage) detail.usage = ctx.usage;
  return Object.keys(detail).length > 0 ? detail : undefined;
}
