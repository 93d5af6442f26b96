import { type AnyPlatform, createLogger, type Logger } from "@agent-mesh/core";
import type { RunningSandbox } from "@agent-mesh/sandbox";
import type { AuditLog } from "./audit/audit-log.js";
import { auditLogFor } from "./audit/open.js";
import { type ConfigIssue, formatIssue, loadConfigFile } from "./config/load.js";
import { type MeshConfig, meshSchema } from "./config/schema.js";
import { watchFile } from "./config/watch.js";
import { Mesh } from "./mesh.js";
import { lockPathFor } from "./pinning/lock-file.js";
import { firstPartyPlatforms } from "./platforms.js";
import { createMeshState, type MeshState } from "./state/index.js";
import { type RunningWorkflows, startWorkflows } from "./workflows/index.js";

export interface StartOptions {
  /** mesh.yaml to load; undefined for the defaults (every first-party platform from env). */
  configPath?: string | undefined;
  /** Start the sandbox and point every first-party platform at it. */
  sandbox?: boolean;
  /** Apply edits of the config file while running. */
  watch?: boolean;
  env?: Record<string, string | undefined>;
  platforms?: readonly AnyPlatform[];
  logger?: Logger;
  /** The policy's clock, for time windows; default the system's. */
  clock?: () => Date;
  /** --no-pin: third-party tools are not pinned in mesh.lock, nor quarantined when they change. */
  noPin?: boolean;
}

export interface RunningMesh {
  mesh: Mesh;
  config: MeshConfig;
  sandbox: RunningSandbox | undefined;
  /** What replicas share: Redis when mesh.yaml's `state.redis` is set, else memory. */
  state: MeshState;
  /** The audit log (undefined when `audit.enabled: false`). */
  audit: AuditLog | undefined;
  close(): Promise<void>;
}

/** Raised when the config cannot be used; carries every issue, already located. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
  }
}

/** Loads the config, starts the sandbox if asked, and starts every downstream. */
export async function startMesh(options: StartOptions = {}): Promise<RunningMesh> {
  const platforms = options.platforms ?? firstPartyPlatforms;
  const baseEnv = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ name: "agent-mesh" });
  const load = async (): Promise<MeshConfig> => {
    if (!options.configPath) return meshSchema(platforms).parse({});
    const result = await loadConfigFile(options.configPath, platforms, baseEnv);
    if (!result.ok) throw new ConfigError(result.issues);
    return result.config;
  };
  const config = await load();
  // Loaded only in sandbox mode: a production gateway never loads the stand-ins or emulators.
  const sandbox = options.sandbox
    ? await (await import("@agent-mesh/sandbox")).startSandbox()
    : undefined;
  const env = sandbox ? { ...baseEnv, ...sandbox.env } : baseEnv;
  const state = await createMeshState(config.state);
  const stateHealth = state.health();
  if (!stateHealth.ok) {
    logger.error(
      `shared state at ${stateHealth.target} is unreachable (${stateHealth.error}); calls that need it answer upstream_unavailable until it is back`,
    );
  }
  const audit = auditLogFor(config, baseEnv, logger);
  audit?.startRetention();
  const mesh = new Mesh({
    platforms,
    env,
    overrides: sandboxOverrides(platforms, sandbox),
    logger,
    state,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(audit ? { audit } : {}),
    lockPath: options.configPath ? lockPathFor(options.configPath) : undefined,
    noPin: options.noPin === true,
  });
  let stopWatching = () => {};
  let workflows: RunningWorkflows | undefined;
  try {
    await mesh.apply(config);
    // After apply: runs recovered from the database call tools at once.
    workflows = await startWorkflows({ mesh, config, env: baseEnv, logger });
    mesh.workflows = workflows?.service;
  } catch (err) {
    await mesh.close();
    await audit?.close();
    await state.close();
    await sandbox?.close();
    throw err;
  }
  if (options.watch && options.configPath) {
    const file = options.configPath;
    stopWatching = watchFile(file, () => {
      load()
        .then((next) => {
          if (JSON.stringify(next.state) !== JSON.stringify(config.state))
            logger.warn(`${file}: a change of \`state:\` takes effect at the next restart`);
          if (next.database !== config.database || next.audit.enabled !== config.audit.enabled)
            logger.warn(
              `${file}: a change of \`database:\` or audit.enabled takes effect at the next restart`,
            );
          if (audit) audit.config = next.audit;
          return mesh.apply(next);
        })
        .then(({ added, removed, changed }) => {
          logger.info(`reloaded ${file}`, { added, removed, changed });
          audit?.event({
            kind: "reload",
            caller: "gateway",
            outcome: "ok",
            detail: { file, added, removed, changed },
          });
        })
        .catch((err) => {
          const detail = err instanceof ConfigError ? err.message : String(err);
          logger.error(`${file} has errors; still running the last good config:\n${detail}`);
          audit?.event({
            kind: "reload",
            caller: "gateway",
            outcome: "invalid_request",
            detail: { file, error: detail },
          });
        });
    });
  }
  return {
    mesh,
    config,
    sandbox,
    state,
    audit,
    async close() {
      stopWatching();
      mesh.workflows = undefined;
      await workflows?.close();
      await mesh.close();
      await audit?.close();
      await state.close();
      await sandbox?.close();
    },
  };
}

/** In sandbox mode the stand-ins' endpoints and credentials win over mesh.yaml. */
function sandboxOverrides(
  platforms: readonly AnyPlatform[],
  sandbox: RunningSandbox | undefined,
): Record<string, Record<string, string>> | undefined {
  if (!sandbox) return undefined;
  const overrides: Record<string, Record<string, string>> = {};
  for (const platform of platforms) {
    const values: Record<string, string> = {};
    for (const [key, setting] of Object.entries(platform.config)) {
      const value = sandbox.env[setting.env];
      if (value !== undefined) values[key] = value;
    }
    overrides[platform.name] = values;
  }
  return overrides;
}
