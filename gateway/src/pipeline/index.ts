import type { Caller, Logger, Redactor } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApprovalStore } from "../approvals/store.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { ApprovalsConfig } from "../audit/config.js";
import { meter } from "../costs/stage.js";
import type { Downstream } from "../downstream/downstream.js";
import type { MeshMetrics } from "../metrics/index.js";
import type { Policy } from "../policy/policy.js";
import { policyStage } from "../policy/stage.js";
import type { Tracing } from "../tracing/index.js";
import { approval } from "./approval.js";
import { audit } from "./audit.js";
import { callDownstream } from "./call-downstream.js";
import { compose } from "./compose.js";
import type { CallContext, Stage } from "./context.js";
import type { InFlightCalls } from "./in-flight.js";
import { measure } from "./measure.js";
import { enforceTimeout } from "./timeout.js";

export interface PipelineDeps {
  metrics: MeshMetrics;
  logger: Logger;
  flights: InFlightCalls;
  /** The policy in force now for a caller (its tenant's); undefined without `policy:`. */
  policy: (caller: Caller) => Policy | undefined;
  redactor: Redactor;
  /** The audit log, once open (absent: calls are not recorded). */
  audit: () => AuditLog | undefined;
  approvals: ApprovalStore;
  approvalsConfig: () => ApprovalsConfig;
  /** Whether a downstream's results are marked untrusted (servers.<name>.untrusted). */
  untrusted?: (downstream: Downstream) => boolean;
  /** Spans for every call, its stages and its downstream call; absent: no tracing at all. */
  tracing?: Tracing | undefined;
}

/**
 * The stages every tool call passes, in order, whoever makes it. Outermost first: measuring sees
 * every outcome, refusals included; audit records every call with the policy and approval that
 * applied (with the usage the meter read from the result, for the cost report); the policy refuses (or, permissive, records) what mesh.yaml's `policy:` does not
 * allow; approvals ask a person last, once every check passed; the timeout bounds only the work.
 * With tracing on, the call's span wraps them all, each stage has its own span, and the
 * downstream call its client span (without it, the list is exactly these stages).
 */
export function createPipeline(deps: PipelineDeps): (ctx: CallContext) => Promise<CallToolResult> {
  const stages: Array<[name: string, stage: Stage]> = [
    ["measure", measure(deps.metrics, deps.logger)],
    ["audit", audit(deps.audit, deps.redactor)],
    ["meter", meter()],
    ["policy", policyStage(deps.policy, deps.metrics, deps.logger)],
    [
      "approval",
      approval({
        store: deps.approvals,
        config: deps.approvalsConfig,
        audit: deps.audit,
        redactor: deps.redactor,
      }),
    ],
    ["timeout", enforceTimeout()],
  ];
  const last = callDownstream(deps.flights, deps.untrusted);
  const tracing = deps.tracing;
  if (!tracing)
    return compose(
      stages.map(([, stage]) => stage),
      last,
    );
  return compose(
    [tracing.callSpan(), ...stages.map(([name, stage]) => tracing.stage(name, stage))],
    tracing.downstream(last),
  );
}
