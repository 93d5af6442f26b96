import type { Logger } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { MeshMetrics } from "../metrics/index.js";
import type { Policy } from "../policy/policy.js";
import { policyStage } from "../policy/stage.js";
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
}

/**
 * The stages every tool call passes, in order, whoever makes it. Outermost first: measuring sees
 * every outcome, refusals included; the timeout bounds only the work after the checks.
 * The policy stage refuses (or, permissive, records) what mesh.yaml's `policy:` does not allow.
 */
export function createPipeline(deps: PipelineDeps): (ctx: CallContext) => Promise<CallToolResult> {
  const stages: Stage[] = [
    measure(deps.metrics, deps.logger),
    policyStage(deps.policy, deps.metrics, deps.logger),
    enforceTimeout(),
  ];
  return compose(stages, callDownstream(deps.flights));
}
