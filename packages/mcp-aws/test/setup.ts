import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { type RecordedRequest, type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** Each state of a sandbox Step Functions execution or Logs query lasts this long. */
export const STEP_MS = 25;

/** A fresh AWS stand-in per test file, and a helper to open MCP sessions against it. */
export function useAwsSandbox() {
  const state: { sandbox: RunningSandbox; sessions: Connected[] } = {
    sandbox: undefined as never,
    sessions: [],
  };
  beforeAll(async () => {
    state.sandbox = await startSandbox({ platforms: ["aws"], stepMs: STEP_MS });
  });
  afterEach(async () => {
    state.sandbox.faults.clear();
    await Promise.all(state.sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => state.sandbox.close());
  return {
    get sandbox() {
      return state.sandbox;
    },
    get env() {
      return state.sandbox.env;
    },
    async connect(env: Record<string, string> = {}, options: ConnectOptions = {}) {
      const session = await connectInMemory(platform, {
        ...options,
        env: { ...state.sandbox.env, ...env },
      });
      state.sessions.push(session);
      return session;
    },
    /** Requests the stand-in received for one AWS JSON operation, e.g. "AWSEvents.PutEvents". */
    received(target: string): RecordedRequest[] {
      return state.sandbox.recorder.to("aws").filter((r) => r.headers["x-amz-target"] === target);
    },
    /** Every request the stand-in received. */
    all(): RecordedRequest[] {
      return state.sandbox.recorder.to("aws");
    },
  };
}

export function data<T = Record<string, unknown>>(result: { structuredContent?: unknown }): T {
  return result.structuredContent as T;
}

export interface Envelope {
  error: string;
  code: string;
  message: string;
  platform: string;
  operation: string;
  details?: Record<string, unknown>;
}

/** Asserts a result is an error envelope and returns it. */
export function envelope(result: { isError?: boolean; structuredContent?: unknown }): Envelope {
  if (!result.isError)
    throw new Error(`expected an error, got ${JSON.stringify(result.structuredContent)}`);
  return result.structuredContent as Envelope;
}

export interface Untrusted<T> {
  notice: string;
  data: T;
}
