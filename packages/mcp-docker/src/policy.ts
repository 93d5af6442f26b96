import { matchesGlob, PlatformError } from "@agent-mesh/core";
import type { DockerConfig } from "./client.js";
import { type ImageReference, repositoryName } from "./reference.js";

export const matchesAny = (patterns: readonly string[], value: string) =>
  patterns.some((pattern) => matchesGlob(pattern, value));

/** Refuses a push to a repository outside DOCKER_PUSH_ALLOW, before the engine is called. */
export function checkPush(config: DockerConfig, ref: ImageReference): void {
  const name = repositoryName(ref);
  if (config.pushAllow.length === 0) {
    throw new PlatformError(
      "not_configured",
      "No registry is allowed for pushes yet: set DOCKER_PUSH_ALLOW to registry/repository globs (registry.example.com/team/*).",
      { details: { variables: ["DOCKER_PUSH_ALLOW"] } },
    );
  }
  if (!ref.explicitRegistry) {
    throw new PlatformError(
      "invalid_request",
      `Name the registry in the image (registry.example.com/${ref.repository}); pushes never go to a default registry.`,
    );
  }
  if (!matchesAny(config.pushAllow, name)) {
    throw new PlatformError(
      "policy_denied",
      `Pushing to ${name} is not allowed: it matches nothing in DOCKER_PUSH_ALLOW (${config.pushAllow.join(", ")}). Push to an allowed repository, or ask the operator to add it.`,
      { details: { variable: "DOCKER_PUSH_ALLOW" } },
    );
  }
}

/** Refuses reading a registry repository outside DOCKER_PUSH_ALLOW and DOCKER_READ_ALLOW. */
export function checkRead(config: DockerConfig, ref: ImageReference): void {
  const allowed = [...config.pushAllow, ...config.readAllow];
  const name = repositoryName(ref);
  if (allowed.length === 0) {
    throw new PlatformError(
      "not_configured",
      "No registry repository may be read yet: set DOCKER_READ_ALLOW (or DOCKER_PUSH_ALLOW) to registry/repository globs.",
      { details: { variables: ["DOCKER_READ_ALLOW", "DOCKER_PUSH_ALLOW"] } },
    );
  }
  if (!matchesAny(allowed, name)) {
    throw new PlatformError(
      "policy_denied",
      `Reading ${name} from its registry is not allowed: it matches nothing in DOCKER_PUSH_ALLOW or DOCKER_READ_ALLOW. Ask the operator to add it.`,
      { details: { variable: "DOCKER_READ_ALLOW" } },
    );
  }
}
