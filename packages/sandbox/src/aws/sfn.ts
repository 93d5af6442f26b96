import { randomUUID } from "node:crypto";
import { checkDefinition, type Definition, step } from "./asl.js";
import { ACCOUNT, EXAMPLE_DEFINITION, REGION, STATE_MACHINE, stateMachineArn } from "./data.js";
import {
  AwsError,
  decodeToken,
  encodeToken,
  epochSeconds,
  optionalNumber,
  requireString,
} from "./protocol.js";

type Status = "RUNNING" | "SUCCEEDED" | "FAILED";

interface Execution {
  arn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startedAt: number;
  stoppedAt?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Where the run is and when its next state runs. */
  state: string;
  data: unknown;
  nextAt: number;
}

interface StateMachine {
  arn: string;
  name: string;
  definition: Definition;
  createdAt: number;
}

const ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:(stateMachine|execution):([^:]+)(?::([^:]+))?$/;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_INPUT_BYTES = 256 * 1024;

/**
 * Step Functions: state machines, and executions that move from RUNNING to SUCCEEDED or FAILED
 * as the definition runs, each state taking `stepMs`; StartExecution is idempotent by name and
 * input while the execution runs, exactly as Step Functions defines it.
 */
export function createSfn(stepMs: number, now: () => number = Date.now) {
  const machines: StateMachine[] = [
    {
      arn: stateMachineArn(STATE_MACHINE),
      name: STATE_MACHINE,
      definition: checkDefinition(EXAMPLE_DEFINITION),
      createdAt: now(),
    },
  ];
  const executions: Execution[] = [];

  const machine = (arn: string) => {
    parseArn(arn, "stateMachine");
    const found = machines.find((m) => m.arn === arn);
    if (!found)
      throw new AwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return found;
  };

  const execution = (arn: string) => {
    parseArn(arn, "execution");
    const found = executions.find((e) => e.arn === arn);
    if (!found) throw new AwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return advance(found);
  };

  function advance(e: Execution): Execution {
    const def = machines.find((m) => m.arn === e.stateMachineArn)?.definition;
    while (def && e.status === "RUNNING" && now() >= e.nextAt) {
      const result = step(def, e.state, e.data);
      const at = e.nextAt;
      if (result.kind === "next") {
        e.state = result.state;
        e.data = result.output;
        e.nextAt = at + stepMs * (1 + result.waitSeconds);
      } else if (result.kind === "succeeded") {
        Object.assign(e, {
          status: "SUCCEEDED",
          output: JSON.stringify(result.output),
          stoppedAt: at,
        });
      } else {
        Object.assign(e, {
          status: "FAILED",
          error: result.error,
          cause: result.cause,
          stoppedAt: at,
        });
      }
    }
    return e;
  }

  const summary = (e: Execution) => ({
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startedAt),
    ...(e.stoppedAt === undefined ? {} : { stopDate: epochSeconds(e.stoppedAt) }),
  });

  return {
    ListStateMachines: (body: Record<string, unknown>) => {
      const { items, nextToken } = page(machines, body);
      return {
        stateMachines: items.map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: "STANDARD",
          creationDate: epochSeconds(m.createdAt),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    DescribeStateMachine: (body: Record<string, unknown>) => {
      const m = machine(requireString(body, "stateMachineArn"));
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: "ACTIVE",
        definition: JSON.stringify(m.definition),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/${m.name}`,
        type: "STANDARD",
        creationDate: epochSeconds(m.createdAt),
      };
    },
    StartExecution: (body: Record<string, unknown>) => {
      const m = machine(requireString(body, "stateMachineArn"));
      const name = body.name === undefined ? randomUUID() : String(body.name);
      if (!NAME.test(name)) throw new AwsError("InvalidName", `Invalid Name: '${name}'`);
      const input = body.input === undefined ? "{}" : String(body.input);
      if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
        throw new AwsError(
          "ValidationException",
          "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
        );
      }
      let data: unknown;
      try {
        data = JSON.parse(input);
      } catch (err) {
        throw new AwsError(
          "InvalidExecutionInput",
          `Invalid State Machine Execution Input: '${(err as Error).message}'`,
        );
      }
      const arn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${m.name}:${name}`;
      const existing = executions.find((e) => e.arn === arn);
      if (existing) {
        advance(existing);
        if (existing.status === "RUNNING" && existing.input === input) {
          return { executionArn: existing.arn, startDate: epochSeconds(existing.startedAt) };
        }
        throw new AwsError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
      }
      const startedAt = now();
      const e: Execution = {
        arn,
        stateMachineArn: m.arn,
        name,
        input,
        status: "RUNNING",
        startedAt,
        state: m.definition.StartAt,
        data,
        nextAt: startedAt + stepMs,
      };
      executions.unshift(e);
      return { executionArn: arn, startDate: epochSeconds(startedAt) };
    },
    DescribeExecution: (body: Record<string, unknown>) => {
      const e = execution(requireString(body, "executionArn"));
      return {
        ...summary(e),
        input: e.input,
        inputDetails: { included: true },
        ...(e.output === undefined ? {} : { output: e.output, outputDetails: { included: true } }),
        ...(e.error === undefined ? {} : { error: e.error, cause: e.cause }),
      };
    },
    ListExecutions: (body: Record<string, unknown>) => {
      const m = machine(requireString(body, "stateMachineArn"));
      const filter = body.statusFilter;
      const matching = executions
        .filter((e) => e.stateMachineArn === m.arn)
        .map(advance)
        .filter((e) => filter === undefined || e.status === filter);
      const { items, nextToken } = page(matching, body);
      return { executions: items.map(summary), ...(nextToken ? { nextToken } : {}) };
    },
  };
}

function parseArn(arn: string, kind: "stateMachine" | "execution"): void {
  const match = ARN.exec(arn);
  if (!match || match[1] !== kind || (kind === "execution") !== (match[3] !== undefined)) {
    throw new AwsError(
      "InvalidArn",
      `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
    );
  }
}

function page<T>(items: T[], body: Record<string, unknown>): { items: T[]; nextToken?: string } {
  const size = optionalNumber(body, "maxResults") || 100;
  if (size < 0 || size > 1000) {
    throw new AwsError("ValidationException", "maxResults must be between 0 and 1000");
  }
  const offset = decodeToken(body.nextToken, "InvalidToken");
  const slice = items.slice(offset, offset + size);
  const more = offset + size < items.length;
  return { items: slice, ...(more ? { nextToken: encodeToken(offset + size) } : {}) };
}
