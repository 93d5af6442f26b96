import type { WorkflowDefinition, WorkflowStep } from "../config/schema.js";
import { referencesIn } from "../expression/index.js";

/**
 * What each step waits for: its depends_on, every step its expressions read, and the nearest
 * approval or check step above it (either gates the steps written after it, so a deploy written
 * after a gate never runs beside it). Steps named only in some step's `compensate` list run only
 * as compensation.
 */
export function plan(definition: WorkflowDefinition): {
  flow: WorkflowStep[];
  deps: Map<string, Set<string>>;
  compensation: Set<string>;
} {
  const compensation = new Set(definition.steps.flatMap((s) => s.compensate));
  const flow = definition.steps.filter((s) => !compensation.has(s.id));
  const deps = new Map<string, Set<string>>();
  let gate: string | undefined;
  for (const step of flow) {
    const set = new Set(step.depends_on);
    const texts = [step.args, step.when, step.approval, step.check, step.message].filter(
      (v) => v !== undefined,
    );
    for (const ref of referencesIn(texts)) {
      if (ref[0] === "steps" && ref[1] && ref[1] !== step.id) set.add(ref[1]);
    }
    if (gate) set.add(gate);
    for (const id of set) if (compensation.has(id)) set.delete(id);
    deps.set(step.id, set);
    if (step.approval !== undefined || step.check !== undefined) gate = step.id;
  }
  return { flow, deps, compensation };
}
