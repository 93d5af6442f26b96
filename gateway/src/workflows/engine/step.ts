import { DBOS } from "@dbos-inc/dbos-sdk";
import type { PendingApproval } from "../../approvals/store.js";
import {
  evaluateTemplate,
  parseTemplate,
  resolveArgs,
  stringify,
  truthy,
} from "../expression/index.js";
import { type CallOutcome, callStepTool, RETRYABLE } from "./call.js";
import { check } from "./check.js";
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
  if (step.approval !== undefined) {
    return approve(host, input, deadline, stringify(evaluate(step.approval, scopeOf(input))));
  }
  if (step.check !== undefined) return check(step, scopeOf(input));

  const args = step.pass_params
    ? await passParams(host, step.tool!, input)
    : (resolveArgs(step.args, scopeOf(input)) as Record<string, unknown>);
  const attempts = step.retry?.attempts ?? 1;
  let wait = step.interval;
  let polls = 0;
  // `confirm: ask`: a tool's own confirmation becomes an approval; once a person said yes, the
  // step answers the tool's confirmations itself, as `auto` does. An approval the pipeline asks
  // for (policy's `approval: required`, or a destructive tool under `ask`) is waited for, then
  // the call is made again with it.
  let consented = step.confirm !== "ask";
  let approvalId: string | undefined;
  let operatorApproval: string | undefined;
  const times: Times = {};
  for (;;) {
    let outcome: TimedOutcome | undefined;
    let attempt = 0;
    while (attempt < attempts) {
      attempt++;
      const remaining = deadline
        ? Math.max(1, deadline - (await now(`${polls}.${attempt}`)))
        : undefined;
      const options = { timeoutMs: remaining, consented, approvalId: operatorApproval };
      outcome = await DBOS.runStep(
        async (): Promise<TimedOutcome> => {
          const started = Date.now();
          const result = await callStepTool(host, input, args, options);
          return { ...result, started, finished: Date.now() };
        },
        { name: `call ${step.tool}` },
      );
      times.started_at ??= iso(outcome.started);
      times.finished_at = iso(outcome.finished) ?? times.finished_at;
      if (!outcome.ok && outcome.code === "confirmation_required") {
        const asked = outcome.approvalId;
        if (asked !== undefined && asked !== operatorApproval) {
          const decision = await awaitApproval(host, input, deadline, { id: asked });
          if (decision.status !== "succeeded") return decision;
          operatorApproval = approvalId = asked;
          attempt--;
          continue;
        }
        if (asked === undefined && !consented) {
          // The tool's own words of what will happen, without its token instructions.
          const what = outcome.message.split(" This needs confirmation")[0]!;
          const decision = await approve(host, input, deadline, what);
          if (decision.status !== "succeeded") return decision;
          consented = true;
          approvalId = decision.approval_id;
          attempt--;
          continue;
        }
      }
      if (outcome.ok || !RETRYABLE.has(outcome.code) || attempt >= attempts) break;
      await DBOS.sleep(step.retry!.backoff * 2 ** (attempt - 1));
    }
    if (!outcome!.ok) {
      return {
        status: "failed",
        attempts: attempt,
        error: { code: outcome!.code, message: outcome!.message },
        ...(approvalId ? { approval_id: approvalId } : {}),
        ...defined(times),
      };
    }
    if (step.until === undefined || truthy(evaluate(step.until, scopeOf(input, outcome!.output)))) {
      return {
        status: "succeeded",
        output: outcome!.output,
        attempts: attempt,
        ...(approvalId ? { approval_id: approvalId } : {}),
        ...defined(times),
      };
    }
    polls++;
    if (deadline !== undefined && (await now(`poll ${polls}`)) + wait > deadline) {
      return {
        status: "failed",
        ...defined(times),
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

/** A call's outcome with when it started and finished (epoch ms), checkpointed with it. */
type TimedOutcome = CallOutcome & { started?: number; finished?: number };
type Times = { started_at?: string | undefined; finished_at?: string | undefined };

/** Checkpoints written before the times were recorded have none. */
function iso(at: number | undefined): string | undefined {
  return at === undefined ? undefined : new Date(at).toISOString();
}

function defined(times: Times): { started_at?: string; finished_at?: string } {
  return {
    ...(times.started_at ? { started_at: times.started_at } : {}),
    ...(times.finished_at ? { finished_at: times.finished_at } : {}),
  };
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
 * An approval (an approval step, or a `confirm: ask` step's confirmation): one request in the
 * mesh's approval store, published as the step's `approval:<id>` event, decided by
 * `agent-mesh approvals approve`, the dashboard, or the starting client's elicitation
 * (tools/follow.ts); then durable sleeps between looks until it is decided.
 */
async function approve(
  host: EngineHost,
  input: StepInput,
  deadline: number | undefined,
  what: string,
): Promise<StepState> {
  const ask = (label: string): Promise<ApprovalRequest> =>
    DBOS.runStep(
      async () => {
        const created = await host.approvals.create(
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
        );
        return { id: created.id, expires: Date.parse(created.expires_at) };
      },
      { name: label },
    );
  return awaitApproval(host, input, deadline, await ask("approval request"), ask);
}

/** An approval request a step waits for; `expires` when the step made it itself. */
type ApprovalRequest = { id: string; expires?: number };

/**
 * Waits (durable sleeps between looks) until a person decided the approval request. A request
 * the step made itself (`ask`) that is gone before it expired is asked again: the state that
 * held it was lost (the gateway restarted on memory state), and failing would ask for a
 * decision nobody could make.
 */
async function awaitApproval(
  host: EngineHost,
  input: StepInput,
  deadline: number | undefined,
  first: ApprovalRequest,
  ask?: (label: string) => Promise<ApprovalRequest>,
): Promise<StepState> {
  let request = first;
  await DBOS.setEvent(`approval:${input.step.id}`, request.id);
  let wait = 500;
  for (let look = 0; ; look++) {
    const id = request.id;
    const record: (PendingApproval & { seen_at?: number }) | null = await DBOS.runStep(
      async () => {
        const found = await host.approvals.get(id);
        return found ? { ...found, seen_at: Date.now() } : null;
      },
      { name: `approval ${look}` },
    );
    const times = defined({ started_at: record?.created_at, finished_at: iso(record?.seen_at) });
    if (record?.status === "approved") {
      return {
        status: "succeeded",
        approval_id: id,
        output: { approved: true, by: record.by },
        ...times,
      };
    }
    if (
      !record &&
      ask &&
      request.expires !== undefined &&
      (await now(`approval ${look} gone`)) < request.expires
    ) {
      request = await ask(`approval request ${look}`);
      await DBOS.setEvent(`approval:${input.step.id}`, request.id);
      continue;
    }
    if (record?.status === "denied" || !record) {
      const message = record
        ? `denied by ${record.by}${record.reason ? `: ${record.reason}` : ""}`
        : "the approval request expired before anyone decided it";
      return {
        status: "failed",
        approval_id: id,
        error: { code: "permission_denied", message },
        ...times,
      };
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
