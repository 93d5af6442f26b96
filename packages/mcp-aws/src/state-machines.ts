import {
  allowedResource,
  isGlob,
  matchesGlob,
  notAllowed,
  PlatformError,
  quote,
} from "@agent-mesh/core";
import { STATE_MACHINE } from "./allow-list.js";

/**
 * The ARN of an allowed state machine given by name or ARN (default: the first listed). A name
 * is resolved against the listed ARNs, so no AWS call is needed to refuse or resolve it.
 */
export function stateMachineArn(list: readonly string[], given?: string): string {
  if (given === undefined || given.startsWith("arn:"))
    return allowedResource(STATE_MACHINE, list, given);
  for (const entry of list) {
    const [prefix = "", pattern] = entry.split(":stateMachine:");
    if (pattern !== undefined && !isGlob(prefix) && matchesGlob(pattern, given)) {
      return `${prefix}:stateMachine:${given}`;
    }
  }
  if (list.length === 0) return allowedResource(STATE_MACHINE, list, given);
  throw notAllowed(STATE_MACHINE, list, given);
}

const EXECUTION =
  /^(arn:aws[a-z-]*:states:[^:]+:[^:]+):(execution|express):([^:]+):[^:]+(:[^:]+)?$/;

/** The state machine an execution ARN belongs to, checked against the allow-list. */
export function checkExecution(list: readonly string[], executionArn: string): string {
  const match = EXECUTION.exec(executionArn);
  if (!match) {
    throw new PlatformError(
      "invalid_request",
      `${quote(executionArn)} is not an execution ARN (arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME); aws_workflow_start and aws_workflow_list return them.`,
    );
  }
  allowedResource(STATE_MACHINE, list, `${match[1]}:stateMachine:${match[3]}`);
  return executionArn;
}
