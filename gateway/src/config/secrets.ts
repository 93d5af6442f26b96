import type { AnyPlatform } from "@agent-mesh/core";
import type { MeshConfig } from "./schema.js";

/** Names of env variables and headers whose values are credentials. */
const SECRET_NAME = /token|key|secret|pass|auth|credential|cookie|session/i;

/**
 * Every credential mesh.yaml holds, to scrub from health, logs and command output: gateway
 * tokens, the state's confirm_secret and Redis password, secret-looking env values and headers
 * of servers, and platform settings marked secret.
 */
export function configSecrets(config: MeshConfig, platforms: readonly AnyPlatform[]): string[] {
  const secrets = [
    ...config.gateway.tokens,
    ...Object.values(config.gateway.clients).flatMap((c) => (c.token ? [c.token] : [])),
  ];
  if (config.state?.confirm_secret) secrets.push(config.state.confirm_secret);
  const redisPassword = config.state?.redis ? new URL(config.state.redis).password : "";
  if (redisPassword) secrets.push(decodeURIComponent(redisPassword), redisPassword);
  const databasePassword = config.database ? passwordOf(config.database) : "";
  if (databasePassword) secrets.push(decodeURIComponent(databasePassword), databasePassword);
  // The top level's servers and integrations, and every tenant's (started or not).
  for (const scope of [config, ...Object.values(config.tenants ?? {})]) {
    for (const server of Object.values(scope.servers)) {
      const named = "env" in server ? server.env : server.headers;
      for (const [name, value] of Object.entries(named))
        if (SECRET_NAME.test(name)) secrets.push(value);
    }
    for (const [platformName, integration] of Object.entries(scope.integrations ?? {})) {
      const platform = platforms.find((p) => p.name === platformName);
      for (const [key, value] of Object.entries(integration?.values ?? {})) {
        if (platform?.config[key]?.secret) secrets.push(value);
      }
    }
  }
  return secrets;
}

/** Secret settings of first-party platforms as the environment gives them (STRIPE_SECRET_KEY). */
export function environmentSecrets(
  platforms: readonly AnyPlatform[],
  env: Record<string, string | undefined>,
): string[] {
  return platforms.flatMap((platform) =>
    Object.values(platform.config).flatMap((setting) =>
      setting.secret && env[setting.env] ? [env[setting.env] as string] : [],
    ),
  );
}

function passwordOf(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return "";
  }
}
