/**
 * A small interpreter of Amazon States Language for the sandbox: Pass, Wait, Choice, Succeed
 * and Fail states, JSONPath references of the `$.a.b` form, with Step Functions' runtime errors.
 */

type Json = unknown;
type State = Record<string, unknown> & { Type: string };
export interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

export type StepResult =
  | { kind: "next"; state: string; output: Json; waitSeconds: number }
  | { kind: "succeeded"; output: Json }
  | { kind: "failed"; error: string; cause: string };

export class StatesRuntimeError extends Error {}

/** Validates a definition well enough to refuse what Step Functions would refuse. */
export function checkDefinition(definition: unknown): Definition {
  const d = definition as Partial<Definition>;
  if (!d || typeof d.StartAt !== "string" || !d.States || !(d.StartAt in d.States)) {
    throw new Error("Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET' at /StartAt");
  }
  return d as Definition;
}

/** Runs one state on `input`; the caller schedules the next one. */
export function step(definition: Definition, name: string, input: Json): StepResult {
  const state = definition.States[name];
  if (!state) return fail("States.Runtime", `State '${name}' does not exist`);
  try {
    switch (state.Type) {
      case "Pass": {
        const output = "Result" in state ? place(input, state.ResultPath, state.Result) : input;
        return advance(state, output, 0);
      }
      case "Wait":
        return advance(state, input, Number(state.Seconds ?? 0));
      case "Choice": {
        const choices = (state.Choices ?? []) as Array<Record<string, unknown>>;
        const chosen = choices.find((rule) => evaluate(rule, input));
        const next = (chosen?.Next ?? state.Default) as string | undefined;
        if (!next) {
          return fail(
            "States.NoChoiceMatched",
            `No Choice Rules matched and no Default in state '${name}'`,
          );
        }
        return { kind: "next", state: next, output: input, waitSeconds: 0 };
      }
      case "Succeed":
        return { kind: "succeeded", output: input };
      case "Fail":
        return fail(String(state.Error ?? "States.Fail"), String(state.Cause ?? ""));
      default:
        return fail("States.Runtime", `The sandbox does not run ${state.Type} states`);
    }
  } catch (err) {
    if (err instanceof StatesRuntimeError) return fail("States.Runtime", err.message);
    throw err;
  }
}

function advance(state: State, output: Json, waitSeconds: number): StepResult {
  if (state.End === true) return { kind: "succeeded", output };
  return { kind: "next", state: String(state.Next), output, waitSeconds };
}

function fail(error: string, cause: string): StepResult {
  return { kind: "failed", error, cause };
}

function evaluate(rule: Record<string, unknown>, input: Json): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r) => evaluate(r, input));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => evaluate(r, input));
  if (rule.Not) return !evaluate(rule.Not as Record<string, unknown>, input);
  const path = String(rule.Variable);
  if ("IsPresent" in rule) return (lookup(input, path) !== undefined) === rule.IsPresent;
  const value = lookup(input, path);
  if (value === undefined) {
    throw new StatesRuntimeError(
      `An error occurred while executing the state. Invalid path '${path}': The choice state's condition path references an invalid value.`,
    );
  }
  if ("BooleanEquals" in rule) return value === rule.BooleanEquals;
  if ("StringEquals" in rule) return value === rule.StringEquals;
  if ("NumericEquals" in rule) return value === rule.NumericEquals;
  if ("NumericGreaterThan" in rule) return Number(value) > Number(rule.NumericGreaterThan);
  if ("NumericLessThan" in rule) return Number(value) < Number(rule.NumericLessThan);
  return false;
}

function segments(path: string): string[] {
  if (path === "$") return [];
  if (!path.startsWith("$.")) throw new StatesRuntimeError(`Invalid path '${path}'`);
  return path.slice(2).split(".");
}

function lookup(input: Json, path: string): Json {
  let current: Json = input;
  for (const key of segments(path)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

function place(input: Json, resultPath: unknown, result: Json): Json {
  if (resultPath === undefined || resultPath === "$") return result;
  if (resultPath === null) return input;
  const keys = segments(String(resultPath));
  const root = structuredClone(input ?? {}) as Record<string, Json>;
  if (typeof root !== "object" || root === null) {
    throw new StatesRuntimeError(`Invalid path '${resultPath}': the input is not an object`);
  }
  let target = root;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target[key] = next && typeof next === "object" ? next : {};
    target = target[key] as Record<string, Json>;
  }
  target[keys[keys.length - 1] as string] = result;
  return root;
}
