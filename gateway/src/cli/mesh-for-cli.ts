import { createLogger } from "@agent-mesh/core";
import { discoverConfig } from "../config/discover.js";
import { ConfigError, type RunningMesh, type StartOptions, startMesh } from "../start-mesh.js";
import { text, type Values } from "./args.js";
import { CliError } from "./cli-error.js";
import { type Io, withProgress } from "./io.js";

/** Starts the mesh that --config and --sandbox describe; config problems become a CliError. */
export async function openMesh(
  io: Io,
  values: Values,
  extra: Partial<StartOptions> = {},
): Promise<RunningMesh> {
  try {
    return await startMesh({
      configPath: discoverConfig(text(values, "config"), io.env, io.cwd),
      sandbox: values.sandbox === true,
      env: io.env,
      ...extra,
    });
  } catch (err) {
    throw asCliError(err);
  }
}

/** Starts a mesh for a one-shot command (tools, call, doctor) and waits for its downstreams. */
export async function meshForCommand(io: Io, values: Values): Promise<RunningMesh> {
  const running = await openMesh(io, values, {
    // One-shot commands report problems themselves; the mesh's log would repeat them.
    logger: createLogger({
      name: "agent-mesh",
      level: io.env.AGENT_MESH_LOG_LEVEL === "debug" ? "debug" : "error",
    }),
  });
  const count = running.mesh.list().length;
  await withProgress(
    io,
    `starting ${count} downstream${count === 1 ? "" : "s"}`,
    running.mesh.settled(running.config.gateway.startup_timeout + 1000),
  );
  return running;
}

export function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ConfigError) {
    return new CliError(
      `the config has ${err.issues.length} problem${err.issues.length === 1 ? "" : "s"}:\n${err.message}`,
      "fix the lines above; `agent-mesh doctor` checks a config without starting it",
    );
  }
  return new CliError(err instanceof Error ? err.message : String(err));
}
