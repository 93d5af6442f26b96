import type { Logger } from "@agent-mesh/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { MeshMetrics } from "../metrics/index.js";
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
}

/**
 * The stages every tool call passes, in order, whoever makes it. Outermost first: measuring sees
 * every outcome, refusals included; the timeout bounds only the work after the checks.
 * Policy, rate limits, approvals and audit take their places here.
 */
export function createPipeline(deps: PipelineDeps): (ctx: CallContext) => Promise<CallToolResult> {
  const stages: Stage[] = [measure(deps.metrics, deps.logger), enforceTimeout()];
  return compose(stages, callDownstream(deps.flights));
}
