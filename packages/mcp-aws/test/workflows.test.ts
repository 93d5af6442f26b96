import type { Connected } from "@agent-mesh/core/testing";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { STEP_MS, type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
// Executions here stay RUNNING for minutes, so reading one running never races the machine's load.
const slow = useAwsSandbox(60_000);
const MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:agent-mesh-sandbox-example";
type Started = { execution_arn: string; state_machine_arn: string; started_at: string };
type Execution = {
  name: string;
  status: string;
  input: unknown;
  output: Untrusted<unknown> | null;
  error: string | null;
  cause: string | null;
};

async function untilStopped(session: Connected, arn: string): Promise<Execution> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const e = structured<Execution>(await session.call("aws_workflow_get", { execution_arn: arn }));
    if (e.status !== "RUNNING") return e;
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  throw new Error("execution never stopped");
}

describe("aws_workflow_start and aws_workflow_get", () => {
  it("starts the state machine by name and reads it RUNNING", async () => {
    const session = await slow.connect();
    const started = structured<Started>(
      await session.call("aws_workflow_start", {
        state_machine: "agent-mesh-sandbox-example",
        input: { order: "o-0" },
        name: "order-o-0",
      }),
    );
    const running = structured<Execution>(
      await session.call("aws_workflow_get", { execution_arn: started.execution_arn }),
    );
    expect(running).toMatchObject({ status: "RUNNING", input: { order: "o-0" }, output: null });
    expect(slow.received("AWSStepFunctions.DescribeExecution")[0]?.body).toEqual({
      executionArn: started.execution_arn,
    });
  });

  it("starts the state machine by name and reads it SUCCEEDED with its output", async () => {
    const session = await aws.connect();
    const started = structured<Started>(
      await session.call("aws_workflow_start", {
        state_machine: "agent-mesh-sandbox-example",
        input: { order: "o-1" },
        name: "order-o-1",
      }),
    );
    expect(started).toMatchObject({
      execution_arn:
        "arn:aws:states:us-east-1:000000000000:execution:agent-mesh-sandbox-example:order-o-1",
      state_machine_arn: MACHINE,
    });
    expect(aws.received("AWSStepFunctions.StartExecution")[0]?.body).toEqual({
      stateMachineArn: MACHINE,
      input: '{"order":"o-1"}',
      name: "order-o-1",
    });
    const done = await untilStopped(session, started.execution_arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.output?.data).toEqual({ order: "o-1", result: { status: "done" } });
  });

  it("reports a FAILED execution with Step Functions' error and cause", async () => {
    const session = await aws.connect();
    const started = structured<Started>(
      await session.call("aws_workflow_start", { input: { fail: true } }),
    );
    const done = await untilStopped(session, started.execution_arn);
    expect(done).toMatchObject({
      status: "FAILED",
      error: "ExampleFailure",
      cause: "The input asked the example workflow to fail.",
      output: null,
    });
  });

  it("is idempotent by name and input while the execution runs, as Step Functions defines it", async () => {
    const session = await slow.connect();
    const args = { input: { n: 1 }, name: "once" };
    // Different idempotency keys, so the server really calls StartExecution twice.
    const first = structured<Started>(
      await session.call("aws_workflow_start", { ...args, idempotency_key: "a" }),
    );
    const second = structured<Started>(
      await session.call("aws_workflow_start", { ...args, idempotency_key: "b" }),
    );
    expect(second.execution_arn).toBe(first.execution_arn);
    expect(
      slow
        .received("AWSStepFunctions.StartExecution")
        .filter((r) => (r.body as { name?: string }).name === "once"),
    ).toHaveLength(2);

    const conflict = expectEnvelope(
      await session.call("aws_workflow_start", {
        input: { n: 2 },
        name: "once",
        idempotency_key: "c",
      }),
    );
    expect(conflict.code).toBe("conflict");
    expect(conflict.message).toContain('"once" already exists');
    expect(conflict.details).toEqual({ execution_arn: first.execution_arn });
  });

  it("names the execution after the caller's idempotency_key, so a retry on another server starts once", async () => {
    // Two sessions are two runtimes with their own idempotency stores, like two replicas: the
    // second call reaches AWS, and Step Functions answers with the running execution.
    const [one, two] = [await slow.connect(), await slow.connect()];
    const args = { input: { n: 42 }, idempotency_key: "deploy-42" };
    const first = structured<Started>(await one.call("aws_workflow_start", args));
    const second = structured<Started>(await two.call("aws_workflow_start", args));
    expect(first.execution_arn).toMatch(/:deploy-42$/);
    expect(second.execution_arn).toBe(first.execution_arn);
    const starts = () => slow.received("AWSStepFunctions.StartExecution");
    expect(starts().filter((r) => (r.body as { name?: string }).name === "deploy-42")).toHaveLength(
      2,
    );

    const odd = structured<Started>(
      await one.call("aws_workflow_start", { input: {}, idempotency_key: "order #42" }),
    );
    expect(odd.execution_arn).toMatch(/:key-[A-Za-z0-9_-]{43}$/);
    await one.call("aws_workflow_start", { input: { keyless: true } });
    expect(starts().at(-1)?.body).not.toHaveProperty("name");
  });

  it("answers not_found for an unknown execution of an allowed state machine", async () => {
    const session = await aws.connect();
    const error = expectEnvelope(
      await session.call("aws_workflow_get", {
        execution_arn: `${MACHINE.replace("stateMachine", "execution")}:nope`,
      }),
    );
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("ExecutionDoesNotExist");
  });

  it("refuses state machines and executions outside the allow-list before calling AWS", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    const byName = expectEnvelope(
      await session.call("aws_workflow_start", { state_machine: "payroll" }),
    );
    expect(byName.code).toBe("policy_denied");
    const byArn = expectEnvelope(
      await session.call("aws_workflow_start", {
        state_machine: "arn:aws:states:us-east-1:000000000000:stateMachine:payroll",
      }),
    );
    expect(byArn.code).toBe("policy_denied");
    const execution = expectEnvelope(
      await session.call("aws_workflow_get", {
        execution_arn: "arn:aws:states:us-east-1:000000000000:execution:payroll:run-1",
      }),
    );
    expect(execution.code).toBe("policy_denied");
    const malformed = expectEnvelope(
      await session.call("aws_workflow_get", { execution_arn: "run-1" }),
    );
    expect(malformed.code).toBe("invalid_request");
    expect(aws.all()).toHaveLength(before);
  });
});

describe("aws_workflow_list", () => {
  it("lists executions newest first, by status, a page at a time", async () => {
    const session = await aws.connect();
    for (const name of ["l-1", "l-2", "l-3"]) {
      await session.call("aws_workflow_start", { name, input: { name } });
    }
    const first = structured<{ executions: Execution[]; next_cursor: string | null }>(
      await session.call("aws_workflow_list", { limit: 2 }),
    );
    expect(first.executions.map((e) => e.name).slice(0, 2)).toEqual(["l-3", "l-2"]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const next = structured<{ executions: Execution[] }>(
      await session.call("aws_workflow_list", { limit: 2, cursor: first.next_cursor }),
    );
    expect(next.executions[0]?.name).toBe("l-1");
    const failed = structured<{ executions: Execution[] }>(
      await session.call("aws_workflow_list", { status: "FAILED" }),
    );
    expect(failed.executions.every((e) => e.status === "FAILED")).toBe(true);
    expect(aws.received("AWSStepFunctions.ListExecutions").at(-1)?.body).toMatchObject({
      stateMachineArn: MACHINE,
      statusFilter: "FAILED",
    });
  });
});
