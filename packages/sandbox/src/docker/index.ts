import { tmpdir } from "node:os";
import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import { REGISTRY_PASSWORD, REGISTRY_USER } from "./data.js";
import { engineRoutes } from "./engine.js";
import { registryRoutes } from "./registry.js";
import { DockerStore } from "./store.js";

/**
 * Stand-in for Docker on one port: a fake Docker Engine API (the classic builder's JSON-lines
 * build stream with `Step n/N` and `errorDetail`, push streams, image and container routes,
 * multiplexed logs) and a fake Registry v2 behind Basic auth that the fake engine pushes into.
 * It answers what a real engine rarely does on demand (a 401 mid-push, a failing step, faults),
 * and serves `agent-mesh start --sandbox` where no Docker runs. The tests that need the real
 * engine use Debian's dockerd and docker-registry (scripts/ci/docker-up.sh).
 */
export const docker = defineStandIn({
  name: "docker",
  title: "Docker",
  credentials: {
    DOCKER_REGISTRY_USERNAME: REGISTRY_USER,
    DOCKER_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
  },
  env: (url) => {
    const host = new URL(url).host;
    return {
      DOCKER_HOST: `tcp://${host}`,
      DOCKER_REGISTRY_USERNAME: REGISTRY_USER,
      DOCKER_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
      DOCKER_PUSH_ALLOW: `${host}/sandbox/*`,
      DOCKER_BUILD_ROOTS: tmpdir(),
      // Never a developer's own registry logins: the sandbox's credentials come from the lines above.
      DOCKER_CONFIG: `${tmpdir()}/agent-mesh-sandbox-docker-config`,
    };
  },
  createApp: ({ recorder, faults, stepMs }) => {
    const store = new DockerStore();
    const app = new Hono();
    app.use("*", recorder.middleware("docker"));
    app.use("*", faults.middleware("docker"));
    registryRoutes(app, store);
    engineRoutes(app, store, stepMs, recorder);
    // The engine's answer to its own failures: a 500 with {"message"}; the test's log has the cause.
    app.onError((error, c) => {
      console.error("docker stand-in:", error);
      return c.json({ message: String(error instanceof Error ? error.message : error) }, 500);
    });
    app.notFound((c) => c.json({ message: `page not found: ${c.req.method} ${c.req.path}` }, 404));
    return app;
  },
});
