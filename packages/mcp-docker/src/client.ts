import type { ConfigOf } from "@agent-mesh/core";
import Docker from "dockerode";
import type { DockerSettings } from "./settings.js";

export type DockerConfig = ConfigOf<DockerSettings>;

/** What every tool gets: dockerode on the configured engine, the settings, and fetch for registries. */
export interface DockerClient {
  docker: Docker;
  config: DockerConfig;
  fetch: typeof globalThis.fetch;
}

/** dockerode's connection options from DOCKER_HOST (unix socket, or TCP for the sandbox). */
export function engineOptions(host: string): Docker.DockerOptions {
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  const url = new URL(host.replace(/^tcp:/, "http:"));
  const protocol = url.protocol === "https:" ? "https" : "http";
  return {
    host: url.hostname,
    port: url.port || (protocol === "https" ? 2376 : 2375),
    protocol,
  };
}

export function createClient(config: DockerConfig, fetch: typeof globalThis.fetch): DockerClient {
  return { docker: new Docker(engineOptions(config.host)), config, fetch };
}
