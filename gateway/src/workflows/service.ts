import { createHash, randomBytes } from "node:crypto";
import type { Caller } from "@agent-mesh/core";
import type { WorkflowStatus } from "@dbos-inc/dbos-sdk";
import type { ApprovalStore, PendingApproval } from "../approvals/store.js";
import type { WorkflowDefinition } from "./config/schema.js";
import type { DbosEngine } from "./engine/dbos.js";
import type { RunInput, RunOutput, StepState } from "./engine/types.js";
import { checkParams, WorkflowInputError } from "./params.js";

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";

/** A run as tools, the CLI and the dashboard show it. */
export interface RunView {
  run_id: string;
  workflow: string;
  status: RunStatus;
  caller: string;
  /** The tenant of the caller that started it (docs/tenants.md). */
  tenant?: string;
  params: Record<string, unknown>;
  created_at: string;
  updated_at?: string;
  steps: Record<string, StepState>;
  error?: { step: string; code: string; message: string };
}

export interface StartRequest {
  workflow: string;
  params?: Record<string, unknown>;
  caller: Caller;
  /** Starting twice with one key starts one run (a webhook's delivery id). */
  idempotencyKey?: string;
}

/**
 * Operators (the CLI, the dashboard) see and act on every run; a client sees its own. The
 * dashboard lets only operators act (its forms are refused to viewers before they get here) and
 * shows every run to anyone signed in, as it shows the whole audit log. A caller with a tenant
 * sees only its tenant's runs, whatever its roles or kind.
 */
function mayAct(caller: Caller, run: RunView): boolean {
  if (caller.tenant !== undefined && caller.tenant !== run.tenant) return false;
  return (
    caller.id === run.caller ||
    caller.kind === "cli" ||
    caller.kind === "dashboard" ||
    caller.roles.includes("admin")
  );
}

/**
 * The workflows of the running mesh: start, read, list, cancel and resume durable runs. Other
 * features (webhook triggers, the dashboard) use this, as the mesh_workflow_* tools do.
 */
export class WorkflowService {
  constructor(
    private readonly engine: DbosEngine,
    private readonly current: () => Record<string, WorkflowDefinition>,
    private readonly approvals?: ApprovalStore,
  ) {}

  definitions(): Record<string, WorkflowDefinition> {
    return this.current();
  }

  async start(request: StartRequest): Promise<{ runId: string; existing: boolean }> {
    const definitions = this.current();
    const definition = definitions[request.workflow];
    if (!definition) {
      throw new WorkflowInputError(
        `no workflow ${request.workflow}; workflows: ${Object.keys(definitions).join(", ") || "none (add workflows: to mesh.yaml)"}`,
      );
    }
    const params = checkParams(request.workflow, definition, request.params ?? {});
    const runId = request.idempotencyKey
      ? `run_${createHash("sha256").update(`${request.workflow}\n${request.idempotencyKey}`).digest("base64url").slice(0, 22)}`
      : `run_${randomBytes(12).toString("base64url")}`;
    const input: RunInput = {
      runId,
      workflow: request.workflow,
      definition,
      params,
      caller: request.caller,
    };
    const { existing } = await this.engine.start(input);
    return { runId, existing };
  }

  /** The run, or undefined when there is none this caller may see. */
  async get(runId: string, caller: Caller): Promise<RunView | undefined> {
    if (!/^run_[A-Za-z0-9_-]{1,40}$/.test(runId)) return undefined;
    const status = await this.engine.status(runId);
    if (!status) return undefined;
    const view = toView(status, await this.engine.steps(runId));
    if (!view || !mayAct(caller, view)) return undefined;
    // A running step that waits for a person shows the approval request to decide.
    for (const [id, step] of Object.entries(view.steps)) {
      if (step.status !== "running" || step.approval_id) continue;
      const approvalId = await this.engine.approvalId(runId, id);
      if (approvalId) view.steps[id] = { ...step, approval_id: approvalId };
    }
    return view;
  }

  /** An approval request a run's step waits on (undefined once expired). */
  async approval(id: string): Promise<PendingApproval | undefined> {
    return this.approvals?.get(id);
  }

  /** Decides a step's approval request for the person at the client that started the run. */
  async decideApproval(
    id: string,
    decision: "approved" | "denied",
    by: string,
    reason?: string,
  ): Promise<boolean> {
    if (!this.approvals) return false;
    return (await this.approvals.decide(id, decision, by, reason)).ok;
  }

  async list(
    filter: { caller?: Caller; workflow?: string; status?: RunStatus; limit?: number } = {},
  ): Promise<RunView[]> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
    const runs = (await this.engine.list(limit * 4))
      .map((status) => toView(status, null))
      .filter((run): run is RunView => run !== undefined)
      .filter((run) => !filter.caller || mayAct(filter.caller, run))
      .filter((run) => !filter.workflow || run.workflow === filter.workflow)
      .filter((run) => !filter.status || run.status === filter.status);
    return runs.slice(0, limit);
  }

  async cancel(runId: string, caller: Caller): Promise<RunView> {
    const run = await this.require(runId, caller);
    if (run.status !== "running") {
      throw new WorkflowInputError(
        `run ${runId} is already ${run.status}; only a running run can be cancelled`,
      );
    }
    await this.engine.cancel(runId);
    return (await this.get(runId, caller))!;
  }

  async resume(runId: string, caller: Caller): Promise<RunView> {
    const run = await this.require(runId, caller);
    if (run.status === "succeeded") throw new WorkflowInputError(`run ${runId} already succeeded`);
    await this.engine.resume(runId);
    return (await this.get(runId, caller))!;
  }

  private async require(runId: string, caller: Caller): Promise<RunView> {
    const run = await this.get(runId, caller);
    if (!run) throw new WorkflowInputError(`no run ${runId} (see mesh_workflow_list)`);
    return run;
  }
}

function toView(
  status: WorkflowStatus,
  steps: Record<string, StepState> | null,
): RunView | undefined {
  const input = (status.input as RunInput[] | undefined)?.[0];
  if (!input) return undefined;
  const output = status.output as RunOutput | undefined;
  const runStatus: RunStatus =
    status.status === "SUCCESS"
      ? output?.status === "failed"
        ? "failed"
        : "succeeded"
      : status.status === "CANCELLED"
        ? "cancelled"
        : status.status === "ERROR" || status.status === "MAX_RECOVERY_ATTEMPTS_EXCEEDED"
          ? "failed"
          : "running";
  return {
    run_id: status.workflowID,
    workflow: input.workflow,
    status: runStatus,
    caller: input.caller.id,
    ...(input.caller.tenant ? { tenant: input.caller.tenant } : {}),
    params: input.params,
    created_at: new Date(status.createdAt).toISOString(),
    ...(status.updatedAt ? { updated_at: new Date(status.updatedAt).toISOString() } : {}),
    steps: output?.steps ?? steps ?? {},
    ...(output?.error ? { error: output.error } : {}),
  };
}
