import type { Caller } from "@agent-mesh/core";
import type { ClientRequests } from "../../pipeline/context.js";
import { WorkflowInputError } from "../params.js";
import type { RunView, WorkflowService } from "../service.js";
import type { FollowRequest } from "./tool.js";

const FINISHED = new Set(["succeeded", "failed", "skipped", "not_run"]);
const FIRST_LOOK_MS = 200;
const MAX_LOOK_MS = 1000;

/**
 * Follows a run for the client that started it with `wait: true`: one progress notification per
 * step finished (progress/total = steps done/steps, message = step id and state), an approval
 * a step waits on asked through elicitation when the client can, and the run once it ends. The
 * run itself is durable and goes on without us: a cancelled request only stops the following.
 */
export async function followRun(
  service: WorkflowService,
  caller: Caller,
  runId: string,
  request: FollowRequest | undefined,
): Promise<RunView> {
  const reported = new Set<string>();
  const asked = new Set<string>();
  const answers = request?.clientRequests?.supports("elicitation/create", { mode: "form" })
    ? request.clientRequests
    : undefined;
  let wait = FIRST_LOOK_MS;
  for (;;) {
    const run = await service.get(runId, caller);
    if (!run) throw new WorkflowInputError(`no run ${runId} (see mesh_workflow_list)`);
    const total = Object.keys(run.steps).length;
    for (const [id, step] of Object.entries(run.steps)) {
      if (FINISHED.has(step.status) && !reported.has(id)) {
        reported.add(id);
        await request?.onProgress?.({
          progress: reported.size,
          total,
          message: `${id} ${step.status}`,
        });
      }
      if (answers && step.status === "running" && step.approval_id) {
        const approvalId = step.approval_id;
        if (asked.has(approvalId)) continue;
        asked.add(approvalId);
        // Not awaited: other steps keep reporting while the person thinks.
        void askClient(service, caller, answers, approvalId, run, id);
      }
    }
    if (run.status !== "running" || request?.signal?.aborted) return run;
    await pause(wait, request?.signal);
    wait = Math.min(wait * 2, MAX_LOOK_MS);
  }
}

/**
 * Asks the person at the client to approve a step (elicitation/create, form mode, no fields):
 * accept approves, decline denies; a dismissed or failed request leaves the approval pending for
 * `agent-mesh approvals approve` or the dashboard.
 */
async function askClient(
  service: WorkflowService,
  caller: Caller,
  answers: ClientRequests,
  approvalId: string,
  run: RunView,
  stepId: string,
): Promise<void> {
  try {
    const record = await service.approval(approvalId);
    if (record?.status !== "pending") return;
    const reply = await answers.send({
      method: "elicitation/create",
      params: {
        mode: "form",
        message: `${record.what} (workflow ${run.workflow}, run ${run.run_id}, step ${stepId}) Approve?`,
        requestedSchema: { type: "object", properties: {} },
      },
    });
    if (reply.action === "accept") {
      await service.decideApproval(approvalId, "approved", `${caller.id} (elicitation)`);
    } else if (reply.action === "decline") {
      await service.decideApproval(
        approvalId,
        "denied",
        `${caller.id} (elicitation)`,
        "declined in the client",
      );
    }
  } catch {
    // The client could not ask after all: the request stays for an operator to decide.
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
