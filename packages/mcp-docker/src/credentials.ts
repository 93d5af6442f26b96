import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { PlatformError } from "@agent-mesh/core";
import type { DockerConfig } from "./client.js";

/** Registry credentials as the Engine API's X-Registry-Auth takes them. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

interface ConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/**
 * Credentials for one registry, the way the docker CLI finds them: the environment first
 * (DOCKER_REGISTRY_USERNAME/PASSWORD), then config.json's credHelpers, credsStore and auths.
 * Undefined when none is known (an anonymous push, which the registry may refuse).
 */
export async function registryAuth(
  config: DockerConfig,
  registry: string,
): Promise<RegistryAuth | undefined> {
  if (config.registryUsername && config.registryPassword) {
    return {
      username: config.registryUsername,
      password: config.registryPassword,
      serveraddress: registry,
    };
  }
  const file = await readConfigFile(config.configDir);
  if (!file) return undefined;
  const keys = registry === "docker.io" ? ["https://index.docker.io/v1/", "docker.io"] : [registry];
  const helper = keys.map((key) => file.credHelpers?.[key]).find(Boolean) ?? file.credsStore;
  if (helper) {
    const fromHelper = await fromCredentialHelper(helper, keys[0] ?? registry);
    if (fromHelper) return { ...fromHelper, serveraddress: registry };
  }
  for (const key of keys) {
    const entry = file.auths?.[key] ?? file.auths?.[`https://${key}`];
    if (!entry) continue;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: registry };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const split = decoded.indexOf(":");
      if (split > 0) {
        return {
          username: decoded.slice(0, split),
          password: decoded.slice(split + 1),
          serveraddress: registry,
        };
      }
    }
  }
  return undefined;
}

async function readConfigFile(dir: string | undefined): Promise<ConfigFile | undefined> {
  const path = join(dir ?? join(homedir(), ".docker"), "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as ConfigFile;
  } catch {
    throw new PlatformError(
      "not_configured",
      `The Docker config ${path} is not valid JSON; fix it or point DOCKER_CONFIG at another folder.`,
      { details: { variables: ["DOCKER_CONFIG"] } },
    );
  }
}

/** Runs docker-credential-<helper> get, as the docker CLI does; undefined when it knows nothing. */
function fromCredentialHelper(
  helper: string,
  server: string,
): Promise<Omit<RegistryAuth, "serveraddress"> | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ["get"],
      { timeout: 10_000 },
      (error, stdout) => {
        if (error) return resolve(undefined);
        try {
          const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
          if (!answer.Secret) return resolve(undefined);
          resolve(
            answer.Username === "<token>"
              ? { identitytoken: answer.Secret }
              : { username: answer.Username ?? "", password: answer.Secret },
          );
        } catch {
          resolve(undefined);
        }
      },
    );
    child.stdin?.end(server);
  });
}
