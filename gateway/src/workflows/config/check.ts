import type { z } from "zod";
import { ExpressionError, parseTemplate, references, templatesIn } from "../expression/index.js";
import type { WorkflowDefinition, WorkflowStep } from "./schema.js";

const ROOTS = ["params", "steps", "run", "output"];

/**
 * Load-time checks of one workflow: every template parses, every reference names a declared
 * param or an earlier step this step depends on, depends_on and compensate name known steps.
 * Each problem is reported at its key, so mesh.yaml errors read file:line:key.
 */
export function checkWorkflow(workflow: WorkflowDefinition, ctx: z.RefinementCtx): void {
  const ids = workflow.steps.map((s) => s.id);
  const compensation = new Set(workflow.steps.flatMap((s) => s.compensate));
  workflow.steps.forEach((step, index) => {
    const at = (...path: Array<string | number>) => ["steps", index, ...path];
    if (ids.indexOf(step.id) !== index) {
      ctx.addIssue({
        code: "custom",
        path: at("id"),
        message: `step id "${step.id}" is used twice`,
      });
    }
    const earlier = new Set(ids.slice(0, index));
    for (const [i, dep] of step.depends_on.entries()) {
      if (!ids.includes(dep)) {
        ctx.addIssue({
          code: "custom",
          path: at("depends_on", i),
          message: `unknown step "${dep}"; steps: ${ids.join(", ")}`,
        });
      } else if (!earlier.has(dep)) {
        ctx.addIssue({
          code: "custom",
          path: at("depends_on", i),
          message: `step "${dep}" comes later; a step may depend only on steps above it`,
        });
      }
    }
    for (const [i, target] of step.compensate.entries()) {
      if (!ids.includes(target)) {
        ctx.addIssue({
          code: "custom",
          path: at("compensate", i),
          message: `unknown step "${target}"; steps: ${ids.join(", ")}`,
        });
      }
    }
    if (step.check !== undefined) {
      checkStepOptions(step, (key, message) =>
        ctx.addIssue({ code: "custom", path: at(key), message }),
      );
      for (const [path, text] of checkTexts(step).filter(([p]) => p.at(-1) !== "message")) {
        const problem = wholeExpressionProblem(text);
        if (problem) ctx.addIssue({ code: "custom", path: at(...path), message: problem });
      }
    } else if (step.message !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: at("message"),
        message: "`message` is the failure message of a check step; this step has no `check`",
      });
    }
    const fields: Array<[string[], string]> = [
      ...templatesIn(step.args, ["args"]).map(({ at: p, text }) => [p, text] as [string[], string]),
      ...(["when", "until", "approval", "message"] as const)
        .filter((k) => step[k] !== undefined)
        .map((k) => [[k], step[k]!] as [string[], string]),
      ...checkTexts(step),
    ];
    for (const [path, text] of fields) {
      let refs: string[][];
      try {
        refs = references(parseTemplate(text));
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        ctx.addIssue({ code: "custom", path: at(...path), message: err.message });
        continue;
      }
      for (const ref of refs) {
        const problem = referenceProblem(
          ref,
          workflow,
          step.id,
          path[0] === "until",
          earlier,
          compensation,
        );
        if (problem) ctx.addIssue({ code: "custom", path: at(...path), message: problem });
      }
    }
  });
}

/** A check step's conditions and messages, each at its key (`check`, `check.<i>.that`, ...). */
function checkTexts(step: WorkflowStep): Array<[string[], string]> {
  if (step.check === undefined) return [];
  if (typeof step.check === "string") return [[["check"], step.check]];
  return step.check.flatMap(
    (c, i): Array<[string[], string]> => [
      [["check", String(i), "that"], c.that],
      [["check", String(i), "message"], c.message],
    ],
  );
}

/** A check step calls nothing: the options of a tool call mean nothing on it. */
function checkStepOptions(step: WorkflowStep, report: (key: string, message: string) => void) {
  const toolOnly = [
    ["args", Object.keys(step.args).length > 0],
    ["until", step.until !== undefined],
    ["retry", step.retry !== undefined],
    ["timeout", step.timeout !== undefined],
  ] as const;
  for (const [key, set] of toolOnly) {
    if (set) report(key, `a check step calls no tool, so \`${key}\` does not apply; remove it`);
  }
}

/**
 * A condition is one whole expression: text around it (or none at all) would make it a string,
 * always true, and the check would never fail.
 */
function wholeExpressionProblem(text: string): string | undefined {
  try {
    if (parseTemplate(text).whole) return undefined;
  } catch {
    return undefined; // reported with the other parse errors
  }
  return `a condition is one expression, e.g. "\${{ steps.scan.output.counts.critical == 0 }}"; "${text}" is text, always true`;
}

function referenceProblem(
  ref: string[],
  workflow: WorkflowDefinition,
  self: string,
  inUntil: boolean,
  earlier: Set<string>,
  compensation: Set<string>,
): string | undefined {
  const [root, name, field] = ref;
  const shown = ref.join(".");
  if (!ROOTS.includes(root!)) {
    return `"${shown}" is not known; an expression reads params.<name>, steps.<id>.output..., run.id or (in until) output...`;
  }
  if (root === "output" && !inUntil)
    return `"${shown}": \`output\` is the step's own result, readable only in \`until\``;
  if (root === "run" && name !== undefined && !["id", "workflow", "caller"].includes(name)) {
    return `"${shown}" is not known; run has id, workflow and caller`;
  }
  if (root === "params") {
    const declared = Object.keys(workflow.params);
    if (name === undefined) return undefined;
    if (!declared.includes(name)) {
      return `unknown param "${name}"; declare it under params (declared: ${declared.join(", ") || "none"})`;
    }
  }
  if (root === "steps") {
    const ids = workflow.steps.map((s) => s.id);
    if (name === undefined) return `"${shown}": name a step, e.g. steps.<id>.output`;
    if (!ids.includes(name)) return `unknown step "${name}"; steps: ${ids.join(", ")}`;
    if (name === self)
      return `"${shown}": a step cannot read its own output; use \`output\` in until`;
    // A compensating step may read any step: it runs after the failure.
    if (!earlier.has(name) && !compensation.has(self)) {
      return `step "${name}" comes later; a step may read only the steps above it`;
    }
    if (field !== undefined && field !== "output" && field !== "status" && field !== "error") {
      return `"${shown}": a step has output, status and error`;
    }
  }
  return undefined;
}
