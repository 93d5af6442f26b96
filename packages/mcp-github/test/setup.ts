import {
  type Connected,
  type ConnectOptions,
  connectInMemory,
  structured,
} from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { platform } from "../src/index.js";

/** Each step of a workflow run lasts this long in the stand-in, so runs finish within a test. */
export const STEP_MS = 20;

/** The user says yes to every confirmation (MCP elicitation). */
export const acceptAll: ConnectOptions["onElicit"] = () => ({
  action: "accept",
  content: { confirm: true },
});

/** The GitHub stand-in for this test file; sessions are closed and the recorder cleared per test. */
export function useGitHubSandbox(stepMs = STEP_MS) {
  const sandbox = useSandbox("github", { stepMs });
  const sessions: Connected[] = [];
  beforeAll(sandbox.start);
  beforeEach(() => sandbox.recorder.clear());
  afterEach(async () => {
    sandbox.faults.clear();
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(sandbox.close);
  return {
    sandbox,
    /** Requests to the stand-in's API, as method and path. */
    sent: () => sandbox.recorder.to("github").map((r) => `${r.method} ${r.path}`),
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

/** Polls github_run_get until the run completes. */
export async function followRun(
  session: Connected,
  runId: number,
  repo = "acme/web",
): Promise<Record<string, unknown> & { status: string; conclusion: string | null }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = structured<{ status: string; conclusion: string | null }>(
      await session.call("github_run_get", { repo, run_id: runId }),
    );
    if (run.status === "completed") return run;
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
  throw new Error(`run ${runId} never completed`);
}
