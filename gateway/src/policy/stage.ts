import type { Caller, Logger } from "@agent-mesh/core";
import type { MeshMetrics } from "../metrics/index.js";
import type { Stage } from "../pipeline/context.js";
import { envelopeResult } from "../proxy/envelope.js";
import type { Policy, Violation } from "./policy.js";

/**
 * The policy stage: decides each call by mesh.yaml's `policy:` (rules, IP and resource lists,
 * rate limits) and records the decision on `ctx.policy` for the approval and audit stages.
 * Enforcing, the first violation refuses the call; permissive, every violation is recorded
 * (ctx.policy.violations, the violations counter, a warning) and the call goes on.
 */
export function policyStage(
  /** The policy in force for a caller (its tenant's, or the top level's). */
  current: (caller: Caller) => Policy | undefined,
  metrics: MeshMetrics,
  logger: Logger,
): Stage {
  return async (ctx, next) => {
    const policy = current(ctx.caller);
    if (!policy) return next();
    const tool = ctx.entry.exposed;
    const { decision, violations } = policy.decide({
      caller: ctx.caller,
      tool: { name: ctx.name, server: ctx.downstream.name, annotations: tool.annotations },
      declared: Object.keys(tool.inputSchema.properties ?? {}),
      args: ctx.arguments,
    });
    ctx.policy = decision;
    const enforcing = policy.mode === "enforcing";
    // An enforcing policy that already refuses does not spend the caller's rate budget.
    if (!enforcing || violations.length === 0) {
      let limited: Violation | undefined;
      try {
        limited = await policy.limit(ctx.caller, ctx.name);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        // Permissive refuses nothing, so an unreachable counter store does not either.
        if (!enforcing) logger.warn(`policy could not count ${ctx.name}`, { reason });
        else {
          return envelopeResult(
            "agent-mesh",
            ctx.name,
            "upstream_unavailable",
            `The rate-limit counters cannot be reached (${reason}), so nothing was done; try again shortly.`,
          );
        }
      }
      if (limited) violations.push(limited);
    }
    for (const violation of violations) {
      decision.violations.push({
        kind: violation.kind,
        message: violation.message,
        ...(violation.rule ? { rule: violation.rule } : {}),
      });
      metrics.policyViolation(violation.kind, policy.mode);
      logger.warn(
        `policy ${policy.mode === "enforcing" ? "refused" : "would refuse"} ${ctx.name}`,
        {
          caller: ctx.caller.id,
          kind: violation.kind,
          ...(violation.rule ? { rule: violation.rule } : {}),
          reason: violation.message,
        },
      );
    }
    const refusal = enforcing ? violations[0] : undefined;
    if (refusal) {
      return envelopeResult("agent-mesh", ctx.name, refusal.code, refusal.message, refusal.details);
    }
    return next();
  };
}
