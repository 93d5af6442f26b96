import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Which mesh.yaml to use: --config, then $AGENT_MESH_CONFIG, then ./mesh.yaml if present.
 * undefined means no file: every first-party platform, configured from the environment.
 */
export function discoverConfig(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string | undefined {
  const given = flag ?? env.AGENT_MESH_CONFIG;
  if (given) return resolve(cwd, given);
  const local = resolve(cwd, "mesh.yaml");
  return existsSync(local) ? local : undefined;
}
