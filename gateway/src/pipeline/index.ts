import type { Logger, Redactor } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApprovalStore } from "../approvals/store.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { ApprovalsConfig } from "../audit/config.js";
import type { Downstream } from "../downstream/downstream.js";
import type { MeshMetrics } from "../metrics/index.js";
import type { Policy } from "../policy/policy.js";
import { policyStage } from "../policy/stage.js";
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
  /** The policy in force now (it changes with mesh.yaml); undefined without `policy:`. */
  policy: () => Policy | undefined;
  redactor: Redactor;
  /** The audit log, once open (absent: calls are not recorded). */
  audit: () => AuditLog | undefined;
  approvals: ApprovalStore;
  approvalsConfig: () => ApprovalsConfig;
  /** Whether a downstream's results are marked untrusted (servers.<name>.untrusted). */
  untrusted?: (downstream: Downstream) => boolean;
}

/**
 * The stages every tool call passes, in order, whoever makes it. Outermost first: measuring sees
 * every outcome, refusals included; audit records every call with the policy and approval that
 * applied; the policy refuses (or, permissive, records) what mesh.yaml's `policy:` does not
 * allow; approvals ask a person last, once every check passed; the timeout bounds only the work.
 */
export function createPipeline(deps: PipelineDeps): (ctx: CallContext) => Promise<CallToolResult> {
  const stages: Stage[] = [
    measure(deps.metrics, deps.logger),
    audit(deps.audit, deps.redactor),
    policyStage(deps.policy, deps.metrics, deps.logger),
    approval({
      store: deps.approvals,
      config: deps.approvalsConfig,
      audit: deps.audit,
      redactor: deps.redactor,
    }),
    enforceTimeout(),
  ];
  return compose(stages, callDownstream(deps.flights, deps.untrusted));
}
