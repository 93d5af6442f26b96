import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();
const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

/** A Docker config folder holding config.json, as `docker login` leaves it. */
async function dockerConfig(name: string, config: unknown) {
  const dir = join(docker.root(), name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

const noEnvCredentials = {
  DOCKER_REGISTRY_USERNAME: undefined,
  DOCKER_REGISTRY_PASSWORD: undefined,
};

describe("registry credentials from the Docker config", () => {
  it("reads auths from config.json for the registry API and for pushes", async () => {
    const password = docker.sandbox.env.DOCKER_REGISTRY_PASSWORD ?? "";
    const auth = Buffer.from(`sandbox:${password}`).toString("base64");
    const configDir = await dockerConfig("auths", { auths: { [docker.registry()]: { auth } } });
    const session = await docker.connect({ ...noEnvCredentials, DOCKER_CONFIG: configDir });
    const dir = await docker.context("cfg", "FROM scratch\nCOPY a /\n", { a: "a" });
    const out = structured<{ pushed: Array<{ digest: string }> }>(
      await session.call("docker_build_push", {
        context: dir,
        image: `${docker.registry()}/sandbox/cfg`,
        tags: ["1"],
      }),
    );
    const tags = structured<{ tags: Array<{ digest: string }> }>(
      await session.call("docker_registry_tag_list", {
        repository: `${docker.registry()}/sandbox/cfg`,
      }),
    );
    expect(tags.tags[0]?.digest).toBe(out.pushed[0]?.digest);
    const push = docker.sandbox.recorder.to("docker", /\/push$/).at(-1);
    const sent = JSON.parse(
      Buffer.from(push?.headers["x-registry-auth"] ?? "", "base64url").toString(),
    );
    expect(sent).toMatchObject({ username: "sandbox", serveraddress: docker.registry() });
  });

  it("runs the credential helper config.json names, as the docker CLI does", async () => {
    const bin = join(docker.root(), "helper-bin");
    await mkdir(bin, { recursive: true });
    const helper = join(bin, "docker-credential-agentmeshtest");
    const password = docker.sandbox.env.DOCKER_REGISTRY_PASSWORD ?? "";
    await writeFile(
      helper,
      `#!/bin/sh\nread server\necho "$server" > "${bin}/asked"\nprintf '{"ServerURL":"%s","Username":"sandbox","Secret":"${password}"}' "$server"\n`,
    );
    await chmod(helper, 0o755);
    process.env.PATH = `${bin}:${PATH}`;
    const configDir = await dockerConfig("helper", {
      credHelpers: { [docker.registry()]: "agentmeshtest" },
    });
    const session = await docker.connect({ ...noEnvCredentials, DOCKER_CONFIG: configDir });
    const dir = await docker.context("helped", "FROM scratch\nCOPY a /\n", { a: "b" });
    structured(
      await session.call("docker_build_push", {
        context: dir,
        image: `${docker.registry()}/sandbox/helped`,
        tags: ["1"],
      }),
    );
    expect((await readFile(join(bin, "asked"), "utf8")).trim()).toBe(docker.registry());
  });

  it("pushes anonymously without credentials, and the registry's refusal says how to log in", async () => {
    const configDir = await dockerConfig("empty", {});
    const session = await docker.connect({ ...noEnvCredentials, DOCKER_CONFIG: configDir });
    const dir = await docker.context("anon", "FROM scratch\nCOPY a /\n", { a: "c" });
    const error = expectEnvelope(
      await session.call("docker_build_push", {
        context: dir,
        image: `${docker.registry()}/sandbox/anon`,
        tags: ["1"],
      }),
      "authentication_error",
    );
    expect(error.message).toContain("docker login");
  });

  it("answers not_configured naming DOCKER_CONFIG when config.json is not JSON", async () => {
    const dir = join(docker.root(), "broken-config");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "config.json"), "{ not json");
    const session = await docker.connect({ ...noEnvCredentials, DOCKER_CONFIG: dir });
    const error = expectEnvelope(
      await session.call("docker_registry_tag_list", {
        repository: `${docker.registry()}/sandbox/x`,
      }),
      "not_configured",
    );
    expect(error.details).toEqual({ variables: ["DOCKER_CONFIG"] });
  });

  it("refuses a Dockerfile path that leads outside the context", async () => {
    const session = await docker.connect();
    const dir = await docker.context("escape-df", "FROM scratch\n");
    const before = docker.sandbox.recorder.to("docker").length;
    expectEnvelope(
      await session.call("docker_image_build", {
        context: dir,
        dockerfile: "../../etc/passwd",
        tags: ["x:1"],
      }),
      "invalid_request",
    );
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });
});
