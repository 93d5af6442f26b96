import {
  type Connected,
  type ConnectOptions,
  connectInMemory,
  structured,
} from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll } from "vitest";
import { platform } from "../src/index.js";

/** Build steps last this long in the stand-in, so deployments finish within a test. */
export const STEP_MS = 25;

/** The user says yes to every confirmation (MCP elicitation). */
export const acceptAll: ConnectOptions["onElicit"] = () => ({
  action: "accept",
  content: { confirm: true },
});

/**
 * The Vercel stand-in for this test file, and MCP sessions against it closed after each test.
 * A long `stepMs` keeps builds QUEUED, for tests that must act before a build finishes.
 */
export function useVercelSandbox(stepMs = STEP_MS) {
  const sandbox = useSandbox("vercel", { stepMs });
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  afterEach(async () => {
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
  };
}

/** Polls vercel_deployment_get until the deployment leaves QUEUED/BUILDING. */
export async function waitUntilDone(
  session: Connected,
  id: string,
): Promise<{ state: string; error_message: string | null }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = structured<{ state: string; error_message: string | null }>(
      await session.call("vercel_deployment_get", { deployment_id: id }),
    );
    if (!["QUEUED", "INITIALIZING", "BUILDING"].includes(current.state)) return current;
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  throw new Error(`deployment ${id} never finished`);
}
