import type { Faults } from "./faults.js";
import type { Recorder } from "./recorder.js";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "./start.js";

export interface UsedSandbox {
  /** Starts the stand-in; pass it to beforeAll. */
  start(): Promise<void>;
  /** Stops it; pass it to afterAll. Safe to call when it never started. */
  close(): Promise<void>;
  /** Endpoints and credentials for the platform server (merge into its env). */
  readonly env: Record<string, string>;
  /** Base URL of each stand-in by platform name. */
  readonly urls: Record<string, string>;
  readonly recorder: Recorder;
  readonly faults: Faults;
}

/**
 * One platform's stand-in for a test file, started and stopped by the test runner:
 *
 *     const sandbox = useSandbox("vercel", { stepMs: 25 });
 *     beforeAll(sandbox.start);
 *     afterAll(sandbox.close);
 *
 * Reading env, urls, recorder or faults before start() throws, naming the fix.
 */
export function useSandbox(
  platform: string,
  options: Omit<SandboxOptions, "platforms"> = {},
): UsedSandbox {
  let running: RunningSandbox | undefined;
  const started = (): RunningSandbox => {
    if (!running) {
      throw new Error(
        `the ${platform} sandbox is not running: call beforeAll(sandbox.start) first`,
      );
    }
    return running;
  };
  return {
    async start() {
      running ??= await startSandbox({ ...options, platforms: [platform] });
    },
    async close() {
      const current = running;
      running = undefined;
      await current?.close();
    },
    get env() {
      return started().env;
    },
    get urls() {
      return started().urls;
    },
    get recorder() {
      return started().recorder;
    },
    get faults() {
      return started().faults;
    },
  };
}
