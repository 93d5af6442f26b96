import type { DescribeExecutionCommandOutput, ExecutionListItem } from "@aws-sdk/client-sfn";
import { z } from "zod";

export const executionStatus = z.enum([
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
]);

export const executionSummary = z.object({
  execution_arn: z.string(),
  state_machine_arn: z.string(),
  name: z.string(),
  status: executionStatus,
  started_at: z.string().nullable(),
  stopped_at: z.string().nullable(),
});

export function toSummary(e: ExecutionListItem | DescribeExecutionCommandOutput) {
  return {
    execution_arn: e.executionArn ?? "",
    state_machine_arn: e.stateMachineArn ?? "",
    name: e.name ?? "",
    status: (e.status ?? "RUNNING") as z.output<typeof executionStatus>,
    started_at: e.startDate?.toISOString() ?? null,
    stopped_at: e.stopDate?.toISOString() ?? null,
  };
}

/** Parses a JSON document Step Functions returns as a string; keeps it as text if it is not JSON. */
export function parseDocument(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
