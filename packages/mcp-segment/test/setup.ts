import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** The user says yes to every confirmation (MCP elicitation). */
export const acceptAll: ConnectOptions["onElicit"] = () => ({
  action: "accept",
  content: { confirm: true },
});

/** What the stand-in accepted, as GET /_sandbox/events shows it. */
export interface Arrived {
  events: Array<{ sourceId: string; message: Record<string, unknown> }>;
  failures: Array<{ sourceId: string; reason: string }>;
}

/** The Segment stand-in for this test file, and MCP sessions against it closed after each test. */
export function useSegmentSandbox() {
  const sandbox = useSandbox("segment");
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  afterEach(async () => {
    sandbox.faults.clear();
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(sandbox.close);
  return {
    sandbox,
    async connect(env: Record<string, string> = {}, options: ConnectOptions = {}) {
      const session = await connectInMemory(platform, {
        ...options,
        env: { ...sandbox.env, ...env },
      });
      sessions.push(session);
      return session;
    },
    /** The events the stand-in keeps, read over its HTTP API. */
    async arrived(): Promise<Arrived> {
      const response = await fetch(`${sandbox.urls.segment}/_sandbox/events`);
      return (await response.json()) as Arrived;
    },
    /** Requests the tracking API received (POST /v1/...). */
    batches() {
      return sandbox.recorder.to("segment", /^\/v1\//);
    },
  };
}
