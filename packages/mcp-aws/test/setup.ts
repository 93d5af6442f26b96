import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { type RecordedRequest, useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** Each state of a sandbox Step Functions execution or Logs query lasts this long. */
export const STEP_MS = 25;

/**
 * The AWS stand-in for this test file, and MCP sessions against it closed after each test.
 * A long `stepMs` keeps executions and queries RUNNING, for tests that must see them running.
 */
export function useAwsSandbox(stepMs = STEP_MS) {
  const sandbox = useSandbox("aws", { stepMs });
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  afterEach(async () => {
    sandbox.faults.clear();
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(sandbox.close);
  return {
    sandbox,
    get env() {
      return sandbox.env;
    },
    async connect(env: Record<string, string> = {}, options: ConnectOptions = {}) {
      const session = await connectInMemory(platform, {
        ...options,
        env: { ...sandbox.env, ...env },
      });
      sessions.push(session);
      return session;
    },
    /** Requests the stand-in received for one AWS JSON operation, e.g. "AWSEvents.PutEvents". */
    received(target: string): RecordedRequest[] {
      return sandbox.recorder.to("aws").filter((r) => r.headers["x-amz-target"] === target);
    },
    /** Every request the stand-in received. */
    all(): RecordedRequest[] {
      return sandbox.recorder.to("aws");
    },
  };
}

/** Third-party content as the tools return it: a notice beside the data. */
export interface Untrusted<T> {
  notice: string;
  data: T;
}
