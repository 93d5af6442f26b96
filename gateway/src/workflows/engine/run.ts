import { DBOS } from "@dbos-inc/dbos-sdk";
import { plan } from "./plan.js";
import type { RunInput, RunOutput, StepInput, StepState } from "./types.js";

/** How a run starts each step as a child workflow; given by the engine that registered both. */
export type StartStep = (
  workflowID: string,
  input: StepInput,
) => Promise<{ getResult(): Promise<StepState> }>;

const FINISHED = new Set(["succeeded", "failed", "skipped"]);

/**
 * The body of a run: decides which steps are ready (their dependencies finished), starts them
 * as child workflows in a fixed order, waits for them, and publishes every step's state as the
 * run's `steps` event, which any replica reads. On a failure it stops, continues, or runs the
 * step's compensating steps, as the step says.
 */
export async function runWorkflow(input: RunInput, startStep: StartStep): Promise<RunOutput> {
  const { flow, deps } = plan(input.definition);
  const byId = new Map(input.definition.steps.map((s) => [s.id, s]));
  const states: Record<string, StepState> = Object.fromEntries(
    flow.map((s) => [s.id, { status: "pending" } as StepState]),
  );
  let failure: RunOutput["error"];
  const publish = () => DBOS.setEvent("steps", states);
  await publish();
  for (;;) {
    const ready = flow.filter(
      (s) =>
        states[s.id]!.status === "pending" &&
        [...deps.get(s.id)!].every((d) => FINISHED.has(states[d]?.status ?? "")),
    );
    if (ready.length === 0) break;
    for (const s of ready) states[s.id] = { status: "running" };
    await publish();
    const handles = [];
    for (const step of ready) {
      handles.push(
        await startStep(`${input.runId}:${step.id}`, { ...stepBase(input, states), step }),
      );
    }
    const results = await Promise.all(handles.map((h) => h.getResult()));
    ready.forEach((step, i) => {
      states[step.id] = results[i]!;
    });
    await publish();
    for (const [i, step] of ready.entries()) {
      const result = results[i]!;
      if (result.status !== "failed" || step.on_failure === "continue") continue;
      failure ??= { step: step.id, ...result.error! };
      if (step.on_failure === "compensate") {
        for (const id of step.compensate) {
          const handle = await startStep(`${input.runId}:${id}:compensate`, {
            ...stepBase(input, states),
            step: byId.get(id)!,
          });
          states[id] = { ...(await handle.getResult()), compensation: true };
          await publish();
        }
      }
    }
    if (failure) break;
  }
  for (const s of flow)
    if (states[s.id]!.status === "pending") states[s.id] = { status: "not_run" };
  await publish();
  return {
    status: failure ? "failed" : "succeeded",
    steps: states,
    ...(failure ? { error: failure } : {}),
  };
}

function stepBase(input: RunInput, states: Record<string, StepState>) {
  const finished = Object.fromEntries(
    Object.entries(states).filter(([, s]) => FINISHED.has(s.status)),
  );
  return {
    runId: input.runId,
    workflow: input.workflow,
    params: input.params,
    caller: input.caller,
    steps: finished,
  };
}
