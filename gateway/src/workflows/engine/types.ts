import type { Caller, Logger } from "@agent-mesh/core";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ApprovalStore } from "../../approvals/store.js";
import type { CallRequest } from "../../pipeline/context.js";
import type { WorkflowDefinition, WorkflowStep } from "../config/schema.js";

/** What the engine needs of the mesh: the one call entry, the catalog, approvals, a logger. */
export interface EngineHost {
  callTool(request: CallRequest): Promise<CallToolResult>;
  /** The tool as the caller's catalog (its tenant's) exposes it, once that has listed. */
  tool(name: string, caller: Caller): Promise<Tool | undefined>;
  approvals: ApprovalStore;
  /** How long a workflow's approval request stays open. */
  approvalTtlMs: number;
  logger: Logger;
}

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "not_run";

export interface StepState {
  status: StepStatus;
  output?: unknown;
  error?: { code: string; message: string };
  attempts?: number;
  /** An approval step's request, for `agent-mesh approvals approve <id>`. */
  approval_id?: string;
  /** Set on a step that ran as compensation for a failed one. */
  compensation?: boolean;
  /**
   * When the step's first tool call started (or its approval was requested) and when its last
   * call finished (or the decision was seen), ISO 8601: read from the checkpoints, so a replayed
   * run keeps the times it first ran with. For the dashboard's timeline.
   */
  started_at?: string;
  finished_at?: string;
}

/** The input a run is started with; stored by the engine, so a recovered run sees the same. */
export interface RunInput {
  runId: string;
  workflow: string;
  definition: WorkflowDefinition;
  params: Record<string, unknown>;
  caller: Caller;
}

export interface RunOutput {
  status: "succeeded" | "failed";
  steps: Record<string, StepState>;
  error?: { step: string; code: string; message: string };
}

export interface StepInput {
  runId: string;
  workflow: string;
  step: WorkflowStep;
  params: Record<string, unknown>;
  caller: Caller;
  /** Finished steps so far: what `steps.<id>` reads. */
  steps: Record<string, StepState>;
}
