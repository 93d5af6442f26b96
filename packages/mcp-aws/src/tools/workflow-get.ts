import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import { z } from "zod";
import type { AwsClients } from "../clients.js";
import { checkExecution } from "../state-machines.js";
import { executionSummary, parseDocument, toSummary } from "../workflows.js";

export const workflowGet = defineTool({
  name: "aws_workflow_get",
  title: "Get a workflow execution",
  description:
    "Reads a Step Functions execution: its status, and its output or error once it has stopped.",
  input: z.object({
    execution_arn: z
      .string()
      .min(1)
      .describe("As returned by aws_workflow_start or aws_workflow_list"),
  }),
  output: executionSummary.extend({
    input: z.unknown().describe("The execution's JSON input"),
    output: untrustedSchema(z.unknown()).nullable().describe("The JSON output, once SUCCEEDED"),
    error: z.string().nullable().describe("Error name, once FAILED, TIMED_OUT or ABORTED"),
    cause: z.string().nullable(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.name}: ${out.status}${out.error ? ` (${out.error})` : ""}`,
  run: async ({ execution_arn }, ctx: ToolContext<AwsClients>) => {
    checkExecution(ctx.client.config.stateMachines, execution_arn);
    const e = await ctx.client.sfn.send(
      new DescribeExecutionCommand({ executionArn: execution_arn }),
      {
        abortSignal: ctx.signal,
      },
    );
    return {
      ...toSummary(e),
      input: parseDocument(e.input),
      output: e.output === undefined ? null : untrusted(parseDocument(e.output)),
      error: e.error ?? null,
      cause: e.cause ?? null,
    };
  },
});
