import type { AnyPlatform } from "@agent-mesh/core";
import type { MeshConfig } from "../config/schema.js";

/**
 * The config a tenant's downstreams are started from: the mesh's gateway settings (timeouts,
 * restarts) with the tenant's own integrations and servers, nothing of the top level's. An
 * empty `integrations` mounts no first-party platform.
 */
export function tenantConfig(config: MeshConfig, tenant: string): MeshConfig {
  const entry = config.tenants[tenant];
  if (!entry) throw new Error(`no tenant ${tenant} in mesh.yaml`);
  return {
    ...config,
    integrations: entry.integrations,
    servers: entry.servers,
    policy: entry.policy ?? config.policy,
    tenants: {},
  };
}

/**
 * The environment a tenant's first-party platforms read: the gateway's, without any platform's
 * secret settings (tokens, keys), so a tenant's calls can only use credentials given under its
 * own `integrations:`. Endpoints and regions still come from the environment.
 */
export function tenantEnvironment(
  env: Record<string, string | undefined>,
  platforms: readonly AnyPlatform[],
): Record<string, string | undefined> {
  const secret = new Set(
    platforms.flatMap((platform) =>
      Object.values(platform.config)
        .filter((setting) => setting.secret)
        .map((setting) => setting.env),
    ),
  );
  return Object.fromEntries(Object.entries(env).filter(([name]) => !secret.has(name)));
}
