import { type Connected, type ConnectOptions, connectInMemory } from "@agent-mesh/core/testing";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** Build steps last this long in the stand-in, so deployments finish within a test. */
export const STEP_MS = 25;

/** A fresh Vercel stand-in per test file, and a helper to open MCP sessions against it. */
export function useVercelSandbox() {
  const state: { sandbox: RunningSandbox; sessions: Connected[] } = {
    sandbox: undefined as never,
    sessions: [],
  };
  beforeAll(async () => {
    state.sandbox = await startSandbox({ platforms: ["vercel"], stepMs: STEP_MS });
  });
  afterEach(async () => {
    await Promise.all(state.sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => state.sandbox.close());
  return {
    get sandbox() {
      return state.sandbox;
    },
    async connect(env: Record<string, string> = {}, options: ConnectOptions = {}) {
      const session = await connectInMemory(platform, {
        ...options,
        env: { ...state.sandbox.env, ...env },
      });
      state.sessions.push(session);
      return session;
    },
  };
}

export function data<T = Record<string, unknown>>(result: { structuredContent?: unknown }): T {
  return result.structuredContent as T;
}

export interface Envelope {
  code: string;
  message: string;
  platform: string;
  operation: string;
  details?: Record<string, unknown>;
}

/** Polls vercel_deployment_get until the deployment leaves QUEUED/BUILDING. */
export async function waitUntilDone(
  session: Connected,
  id: string,
): Promise<{ state: string; error_message: string | null }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = data<{ state: string; error_message: string | null }>(
      await session.call("vercel_deployment_get", { deployment_id: id }),
    );
    if (!["QUEUED", "INITIALIZING", "BUILDING"].includes(current.state)) return current;
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  throw new Error(`deployment ${id} never finished`);
}
