import { existsSync, readFileSync } from "node:fs";

/** Where scripts/ci/docker-up.sh writes the real engine's and registry's addresses. */
export const ENGINE_ENV_FILE = `${process.env.AGENT_MESH_DOCKER_DIR ?? "/tmp/agent-mesh-docker"}/env`;

export interface RealEngine {
  /** DOCKER_HOST of the running dockerd. */
  host: string;
  /** host:port of the loopback Registry v2 server. */
  registry: string;
  /** A local image with a shell (busybox-static as a root filesystem). */
  baseImage: string;
}

/**
 * The real engine started by scripts/ci/docker-up.sh, or the reason it is not here. CI sets
 * AGENT_MESH_REQUIRE_DOCKER=1, which turns its absence into a failure instead of a skip.
 */
export function findRealEngine(): { engine?: RealEngine; reason?: string } {
  if (!existsSync(ENGINE_ENV_FILE)) {
    return {
      reason: `no real Docker engine: ${ENGINE_ENV_FILE} is missing (run scripts/ci/docker-up.sh)`,
    };
  }
  const values = Object.fromEntries(
    readFileSync(ENGINE_ENV_FILE, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const { DOCKER_HOST, AGENT_MESH_DOCKER_REGISTRY, AGENT_MESH_DOCKER_BASE_IMAGE } = values;
  if (!DOCKER_HOST || !AGENT_MESH_DOCKER_REGISTRY || !AGENT_MESH_DOCKER_BASE_IMAGE) {
    return { reason: `${ENGINE_ENV_FILE} lacks DOCKER_HOST or AGENT_MESH_DOCKER_REGISTRY` };
  }
  const socket = DOCKER_HOST.startsWith("unix://") ? DOCKER_HOST.slice(7) : undefined;
  if (socket && !existsSync(socket)) {
    return {
      reason: `no real Docker engine: ${socket} is gone (run scripts/ci/docker-up.sh again)`,
    };
  }
  return {
    engine: {
      host: DOCKER_HOST,
      registry: AGENT_MESH_DOCKER_REGISTRY,
      baseImage: AGENT_MESH_DOCKER_BASE_IMAGE,
    },
  };
}

export const requireRealEngine = process.env.AGENT_MESH_REQUIRE_DOCKER === "1";
