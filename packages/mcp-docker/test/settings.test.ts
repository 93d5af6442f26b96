import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();

const WRITING = [
  "docker_image_build",
  "docker_image_push",
  "docker_build_push",
  "docker_image_tag",
  "docker_image_remove",
];

describe("settings, read-only mode and an engine that is down", () => {
  it("lists every tool with all annotations; DOCKER_READ_ONLY hides the writing ones and refuses them without a request", async () => {
    const full = await docker.connect();
    const { tools } = await full.client.listTools();
    expect(tools).toHaveLength(10);
    const readOnly = await docker.connect({ DOCKER_READ_ONLY: "true" });
    const listed = (await readOnly.client.listTools()).tools.map((tool) => tool.name);
    expect(listed.sort()).toEqual(
      tools
        .map((tool) => tool.name)
        .filter((name) => !WRITING.includes(name))
        .sort(),
    );
    const before = docker.sandbox.recorder.to("docker").length;
    const error = expectEnvelope(
      await readOnly.call("docker_image_push", { image: `${docker.registry()}/sandbox/x:1` }),
      "policy_denied",
    );
    expect(error.message).toContain("DOCKER_READ_ONLY=true");
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
    structured(await readOnly.call("docker_image_list", {}));
  });

  it("answers upstream_unavailable when the daemon is down", async () => {
    const session = await docker.connect({ DOCKER_HOST: "tcp://127.0.0.1:1" });
    const error = expectEnvelope(
      await session.call("docker_image_list", {}),
      "upstream_unavailable",
    );
    expect(error.platform).toBe("docker");
  });

  it("answers upstream_unavailable naming the socket when no daemon listens there", async () => {
    const session = await docker.connect({ DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    const error = expectEnvelope(
      await session.call("docker_image_list", {}),
      "upstream_unavailable",
    );
    expect(error.message).toContain("at /nonexistent/docker.sock (ENOENT)");
  });

  it("answers not_configured naming DOCKER_HOST when it is malformed", async () => {
    const session = await docker.connect({ DOCKER_HOST: "docker.sock" });
    const error = expectEnvelope(await session.call("docker_image_list", {}), "not_configured");
    expect(error.details).toEqual({ variables: ["DOCKER_HOST"] });
  });

  it("maps an engine 500 to upstream_unavailable with the engine's message", async () => {
    const session = await docker.connect();
    docker.sandbox.faults.add({
      platform: "docker",
      match: { path: "/images/json" },
      status: 500,
      headers: { "content-type": "application/json" },
      body: { message: "layer store is busy" },
    });
    const error = expectEnvelope(
      await session.call("docker_image_list", {}),
      "upstream_unavailable",
    );
    expect(error.message).toContain("layer store is busy");
    expect(error.details).toMatchObject({ status: 500 });
  });
});
