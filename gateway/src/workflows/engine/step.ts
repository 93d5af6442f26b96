import { DBOS } from "@dbos-inc/dbos-sdk";
import {
  evaluateTemplate,
  parseTemplate,
  resolveArgs,
  stringify,
  truthy,
} from "../expression/index.js";
import { type CallOutcome, callStepTool, RETRYABLE } from "./call.js";
import type { EngineHost, StepInput, StepState } from "./types.js";

/** Longest wait between two polls of `until`, and the default limit of a polling step. */
const MAX_POLL_MS = 30_000;
const DEFAULT_UNTIL_TIMEOUT_MS = 15 * 60_000;

function scopeOf(input: StepInput, output?: unknown) {
  const steps = Object.fromEntries(
    Object.entries(input.steps).map(([id, s]) => [
      id,
      { status: s.status, output: s.output, error: s.error },
    ]),
  );
  return {
    params: input.params,
    steps,
    run: { id: input.runId, workflow: input.workflow, caller: input.caller.id },
    ...(output === undefined ? {} : { output }),
  };
}

const evaluate = (text: string, scope: unknown) => evaluateTemplate(parseTemplate(text), scope);

/**
 * The body of one step, run as its own durable workflow (id `<run>:<step>`), so steps of one run
 * proceed in parallel and each replays its own checkpoints: every tool call and every wait is a
 * DBOS step or sleep, and nothing here touches the outside world except through them.
 */
export async function runStep(host: EngineHost, input: StepInput): Promise<StepState> {
  const { step } = input;
  if (step.when !== undefined && !truthy(evaluate(step.when, scopeOf(input)))) {
    return { status: "skipped" };
  }
  // The deadline is checkpointed, so a resumed step keeps the limit it started with.
  const limit = step.timeout ?? (step.until !== undefined ? DEFAULT_UNTIL_TIMEOUT_MS : undefined);
  const deadline = limit
    ? await DBOS.runStep(async () => Date.now() + limit, { name: "deadline" })
    : undefined;
  if (step.approval !== undefined) return approve(host, input, deadline);

  const args = step.pass_params
    ? await passParams(host, step.tool!, input)
    : (resolveArgs(step.args, scopeOf(input)) as Record<string, unknown>);
  const attempts = step.retry?.attempts ?? 1;
  let wait = step.interval;
  let polls = 0;
  for (;;) {
    let outcome: CallOutcome | undefined;
    let attempt = 0;
    while (attempt < attempts) {
      attempt++;
      const remaining = deadline
        ? Math.max(1, deadline - (await now(`${polls}.${attempt}`)))
        : undefined;
      outcome = await DBOS.runStep(() => callStepTool(host, input, args, remaining), {
        name: `call ${step.tool}`,
      });
      if (outcome.ok || !RETRYABLE.has(outcome.code) || attempt >= attempts) break;
      await DBOS.sleep(step.retry!.backoff * 2 ** (attempt - 1));
    }
    if (!outcome!.ok) {
      return {
        status: "failed",
        attempts: attempt,
        error: { code: outcome!.code, message: outcome!.message },
      };
    }
    if (step.until === undefined || truthy(evaluate(step.until, scopeOf(input, outcome!.output)))) {
      return { status: "succeeded", output: outcome!.output, attempts: attempt };
    }
    polls++;
    if (deadline !== undefined && (await now(`poll ${polls}`)) + wait > deadline) {
      return {
        status: "failed",
        output: outcome!.output,
        error: {
          code: "timeout",
          message: `until ${step.until} still false after ${polls} polls; the step's timeout is ${limit} ms`,
        },
      };
    }
    await DBOS.sleep(wait);
    wait = Math.min(wait * 2, MAX_POLL_MS);
  }
}

function now(label: string): Promise<number> {
  return DBOS.runStep(async () => Date.now(), { name: `clock ${label}` });
}

/** The short form: the run's params that the tool's input schema names. */
async function passParams(
  host: EngineHost,
  tool: string,
  input: StepInput,
): Promise<Record<string, unknown>> {
  const found = await host.tool(tool, input.caller);
  const names = Object.keys(found?.inputSchema.properties ?? {});
  return Object.fromEntries(Object.entries(input.params).filter(([key]) => names.includes(key)));
}

/**
 * An approval step: one request in the mesh's approval store (`agent-mesh approvals approve`
 * or the dashboard decide it), then durable sleeps between looks until it is decided.
 */
async function approve(
  host: EngineHost,
  input: StepInput,
  deadline: number | undefined,
): Promise<StepState> {
  const what = stringify(evaluate(input.step.approval!, scopeOf(input)));
  const id = await DBOS.runStep(
    async () =>
      (
        await host.approvals.create(
          {
            caller: input.caller.id,
            ...(input.caller.tenant ? { tenant: input.caller.tenant } : {}),
            tool: `workflow ${input.workflow}`,
            downstream: "workflows",
            args: { run: input.runId, step: input.step.id },
            what,
            fingerprint: `${input.runId}/${input.step.id}`,
          },
          host.approvalTtlMs,
        )
      ).id,
    { name: "approval request" },
  );
  await DBOS.setEvent(`approval:${input.step.id}`, id);
  let wait = 500;
  for (let look = 0; ; look++) {
    const record = await DBOS.runStep(async () => (await host.approvals.get(id)) ?? null, {
      name: `approval ${look}`,
    });
    if (record?.status === "approved") {
      return { status: "succeeded", approval_id: id, output: { approved: true, by: record.by } };
    }
    if (record?.status === "denied" || !record) {
      const message = record
        ? `denied by ${record.by}${record.reason ? `: ${record.reason}` : ""}`
        : "the approval request expired before anyone decided it";
      return { status: "failed", approval_id: id, error: { code: "permission_denied", message } };
    }
    if (deadline !== undefined && (await now(`approval ${look}`)) > deadline) {
      return {
        status: "failed",
        approval_id: id,
        error: { code: "timeout", message: "no decision within the step's timeout" },
      };
    }
    await DBOS.sleep(wait);
    wait = Math.min(wait * 2, 5000);
  }
}
