import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { z } from "zod";
import type { AwsClients } from "../clients.js";
import { cursorFor, tokenFrom } from "../cursor.js";
import { stateMachineArn } from "../state-machines.js";
import { executionStatus, executionSummary, toSummary } from "../workflows.js";

export const workflowList = defineTool({
  name: "aws_workflow_list",
  title: "List workflow executions",
  description:
    "Lists a state machine's executions, newest first, optionally only those in one status.",
  input: z.object({
    state_machine: z
      .string()
      .min(1)
      .optional()
      .describe("State machine name or ARN (default: the first in AGENT_MESH_AWS_STATE_MACHINES)"),
    status: executionStatus.optional(),
    ...pageInput,
  }),
  output: z.object({ executions: z.array(executionSummary), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.executions.length} execution(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ state_machine, status, cursor, limit }, ctx: ToolContext<AwsClients>) => {
    const arn = stateMachineArn(ctx.client.config.stateMachines, state_machine);
    const page = await ctx.client.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: arn,
        statusFilter: status,
        maxResults: limit,
        nextToken: tokenFrom(cursor),
      }),
      { abortSignal: ctx.signal },
    );
    return {
      executions: (page.executions ?? []).map(toSummary),
      next_cursor: cursorFor(page.nextToken),
    };
  },
});
