import type { Hono } from "hono";
import type { Faults } from "./faults.js";
import type { Recorder } from "./recorder.js";

export interface StandInContext {
  /** What the stand-in received, for tests to assert on. */
  recorder: Recorder;
  /** Failures tests ask for (throttling, outages), answered before the stand-in's own routes. */
  faults: Faults;
  /** Milliseconds a simulated long-running job (a build, an execution) takes per state. */
  stepMs: number;
  /** Registers cleanup for what the stand-in started besides its app (an emulator, a child). */
  onClose: (close: () => Promise<void>) => void;
  /**
   * Adds environment for the platform server that only exists once the app is created (the URL
   * of a database the stand-in started), merged over `env(url)`.
   */
  addEnv: (vars: Record<string, string>) => void;
}

/** A local stand-in for one platform's API. */
export interface StandIn {
  /** The platform name, as in `@agent-mesh/mcp-<name>`. */
  name: string;
  title: string;
  /** Credentials the stand-in accepts; `agent-mesh start --sandbox` and tests use them. */
  credentials: Record<string, string>;
  /** The environment a platform server needs to talk to the stand-in at `url`. */
  env: (url: string) => Record<string, string>;
  /** A fresh app with fresh state; may start emulators first (register their cleanup). */
  createApp: (ctx: StandInContext) => Hono | Promise<Hono>;
}

export function defineStandIn(standIn: StandIn): StandIn {
  return standIn;
}
