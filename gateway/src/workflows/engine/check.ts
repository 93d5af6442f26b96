import type { WorkflowStep } from "../config/schema.js";
import { evaluateTemplate, parseTemplate, stringify, truthy } from "../expression/index.js";
import type { StepState } from "./types.js";

const render = (text: string, scope: unknown) =>
  stringify(evaluateTemplate(parseTemplate(text), scope));

/**
 * A check step: evaluates its condition (or each of its `{ that, message }` conditions) over
 * the run's params and finished steps. It touches nothing outside, so it needs no checkpoint:
 * a replay evaluates the same inputs to the same answer. A false condition fails the step with
 * the rendered message, e.g. "security_gate failed: 2 critical (max 0) in code scanning".
 */
export function check(step: WorkflowStep, scope: unknown): StepState {
  const conditions =
    typeof step.check === "string"
      ? [{ that: step.check, message: step.message }]
      : step.check!.map((c) => ({ that: c.that, message: c.message as string | undefined }));
  const failed = conditions
    .filter((c) => !truthy(evaluateTemplate(parseTemplate(c.that), scope)))
    .map((c) => (c.message === undefined ? `${c.that} is false` : render(c.message, scope)));
  const checked = conditions.length;
  if (failed.length === 0) return { status: "succeeded", output: { passed: true, checked } };
  const message =
    typeof step.check === "string"
      ? failed[0]!
      : `${step.message === undefined ? `check ${step.id} failed` : render(step.message, scope)}: ${failed.join("; ")}`;
  return {
    status: "failed",
    output: { passed: false, checked, failed },
    error: { code: "check_failed", message },
  };
}
