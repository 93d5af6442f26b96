import { defineTool, hashOf, PlatformError, quote, type ToolContext } from "@agent-mesh/core";
import { StartExecutionCommand } from "@aws-sdk/client-sfn";
import { z } from "zod";
import type { AwsClients } from "../clients.js";
import { stateMachineArn } from "../state-machines.js";

const MAX_INPUT_BYTES = 256 * 1024;

export const workflowStart = defineTool({
  name: "aws_workflow_start",
  title: "Start a workflow",
  description:
    "Starts a Step Functions execution with JSON input. Give a name to make retries safe: the same name and input while it runs returns the same execution.",
  input: z.object({
    state_machine: z
      .string()
      .min(1)
      .optional()
      .describe("State machine name or ARN (default: the first in AGENT_MESH_AWS_STATE_MACHINES)"),
    input: z.json().default({}).describe("JSON input for the execution"),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/, "1-80 letters, digits, - or _")
      .optional()
      .describe("Execution name, unique per state machine (default: generated)"),
  }),
  output: z.object({
    execution_arn: z.string(),
    state_machine_arn: z.string(),
    started_at: z.string().nullable(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // Step Functions' own idempotency mechanism is the execution name: a start with the name of a
  // running execution and the same input returns that execution. A caller's idempotency_key
  // becomes the name when none is given, so a retry that reaches AWS twice still starts once.
  // A derived key is not used: names stay taken for 90 days, which would refuse a deliberate
  // identical start long after core's 60-second window for keyless retries.
  idempotent: true,
  summary: (out) => `Started ${out.execution_arn}`,
  run: async ({ state_machine, input, name: givenName }, ctx: ToolContext<AwsClients>) => {
    const arn = stateMachineArn(ctx.client.config.stateMachines, state_machine);
    const name =
      givenName ??
      (ctx.idempotencyKeySource === "caller" && ctx.idempotencyKey
        ? executionName(ctx.idempotencyKey)
        : undefined);
    const document = JSON.stringify(input);
    if (Buffer.byteLength(document) > MAX_INPUT_BYTES) {
      throw new PlatformError(
        "invalid_request",
        `The input is ${Buffer.byteLength(document).toLocaleString("en-US")} bytes; Step Functions accepts at most 262,144. Store large data with aws_artifact_put and pass its key.`,
      );
    }
    try {
      const out = await ctx.client.sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, input: document, name }),
        { abortSignal: ctx.signal },
      );
      return {
        execution_arn: out.executionArn ?? "",
        state_machine_arn: arn,
        started_at: out.startDate?.toISOString() ?? null,
      };
    } catch (err) {
      if ((err as { name?: string }).name !== "ExecutionAlreadyExists") throw err;
      const existing = `${arn.replace(":stateMachine:", ":execution:")}:${name}`;
      throw new PlatformError(
        "conflict",
        `An execution named ${quote(name)} already exists with other input or has finished; Step Functions only repeats a start while the same-named execution runs with the same input. Read it with aws_workflow_get, or pick a new name.`,
        { cause: err, details: { execution_arn: existing } },
      );
    }
  },
});

/** An execution name (1-80 of A-Z a-z 0-9 - _) for an idempotency key: the key itself when it fits. */
export function executionName(key: string): string {
  return /^[A-Za-z0-9_-]{1,80}$/.test(key)
    ? key
    : `key-${hashOf(key).replace(/[^A-Za-z0-9_-]/g, "")}`;
}
