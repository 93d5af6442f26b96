import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Faults } from "./faults.js";
import { standIns } from "./platforms.js";
import { Recorder } from "./recorder.js";
import type { StandIn } from "./stand-in.js";

export interface SandboxOptions {
  /** Platforms to start (default: every stand-in). */
  platforms?: string[];
  /** Duration of each state of simulated long jobs (default 300 ms; tests use less). */
  stepMs?: number;
  /** Fixed port for the first stand-in, the next ones follow; default: free ports. */
  basePort?: number;
}

export interface RunningSandbox {
  /** Base URL of each stand-in by platform name. */
  urls: Record<string, string>;
  /** Environment for platform servers: endpoints and the stand-ins' credentials. */
  env: Record<string, string>;
  recorder: Recorder;
  /** Inject platform errors (throttling, outages) for tests of error paths. */
  faults: Faults;
  close(): Promise<void>;
}

/** Starts stand-ins on 127.0.0.1, each on its own port, with fresh state. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const chosen = pick(options.platforms);
  const recorder = new Recorder();
  const faults = new Faults();
  const urls: Record<string, string> = {};
  const env: Record<string, string> = {};
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    // Servers first (they may forward to emulators), then what the stand-ins started.
    const all = cleanups.splice(0).reverse();
    for (const cleanup of all) await cleanup().catch(() => {});
  };
  try {
    for (const [index, standIn] of chosen.entries()) {
      const extraEnv: Record<string, string> = {};
      const app = await standIn.createApp({
        recorder,
        faults,
        stepMs: options.stepMs ?? 300,
        onClose: (cleanup) => cleanups.push(cleanup),
        addEnv: (vars) => Object.assign(extraEnv, vars),
      });
      const port = options.basePort === undefined ? 0 : options.basePort + index;
      const { server, url } = await listen(app.fetch, port);
      cleanups.push(() => closeServer(server));
      urls[standIn.name] = url;
      Object.assign(env, standIn.env(url), extraEnv);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { urls, env, recorder, faults, close };
}

function pick(names: string[] | undefined): StandIn[] {
  if (names === undefined) return [...standIns];
  return names.map((name) => {
    const found = standIns.find((standIn) => standIn.name === name);
    if (!found) {
      const known = standIns.map((s) => s.name).join(", ");
      throw new Error(`no sandbox stand-in for "${name}"; known: ${known}`);
    }
    return found;
  });
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number) {
  return new Promise<{ server: ReturnType<typeof serve>; url: string }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
    server.once("error", reject);
  });
}

function closeServer(server: ReturnType<typeof serve>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold close() open; the sandbox owns them all.
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
