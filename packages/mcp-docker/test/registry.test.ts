import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();

async function pushTags(name: string, tags: string[]) {
  const session = await docker.connect();
  const dir = await docker.context(name, `FROM scratch\nLABEL app=${name}\n`);
  return structured<{ pushed: Array<{ digest: string }> }>(
    await session.call("docker_build_push", {
      context: dir,
      image: `${docker.registry()}/sandbox/${name}`,
      tags,
    }),
  );
}

describe("docker_registry_tag_list and remote docker_image_info", () => {
  it("pages through tags with the registry's n/last and Link header", async () => {
    const { pushed } = await pushTags("paged", ["1", "2", "3"]);
    const session = await docker.connect();
    const repository = `${docker.registry()}/sandbox/paged`;
    const page1 = structured<{ tags: Array<{ tag: string }>; next_cursor: string | null }>(
      await session.call("docker_registry_tag_list", { repository, limit: 2 }),
    );
    expect(page1.tags).toEqual([
      { tag: "1", digest: pushed[0]?.digest },
      { tag: "2", digest: pushed[0]?.digest },
    ]);
    const page2 = structured<{ tags: Array<{ tag: string }>; next_cursor: string | null }>(
      await session.call("docker_registry_tag_list", {
        repository,
        limit: 2,
        cursor: page1.next_cursor,
      }),
    );
    expect(page2).toMatchObject({ tags: [{ tag: "3" }], next_cursor: null });
    const lists = docker.sandbox.recorder.to("docker", "/v2/sandbox/paged/tags/list");
    expect(lists.at(-1)?.query).toEqual({ n: "2", last: "2" });
    expect(lists.at(-1)?.headers.authorization).toMatch(/^Basic /);
  });

  it("answers authentication_error with the registry's code for rejected credentials", async () => {
    await pushTags("locked", ["1"]);
    const session = await docker.connect({ DOCKER_REGISTRY_PASSWORD: "nope" });
    const error = expectEnvelope(
      await session.call("docker_registry_tag_list", {
        repository: `${docker.registry()}/sandbox/locked`,
      }),
      "authentication_error",
    );
    expect(error.details).toMatchObject({ platform_code: "UNAUTHORIZED", status: 401 });
  });

  it("answers not_found for an unknown repository and an unknown tag", async () => {
    const session = await docker.connect();
    const error = expectEnvelope(
      await session.call("docker_registry_tag_list", {
        repository: `${docker.registry()}/sandbox/none`,
      }),
      "not_found",
    );
    expect(error.details).toMatchObject({ platform_code: "NAME_UNKNOWN" });
    await pushTags("known", ["1"]);
    expectEnvelope(
      await session.call("docker_image_info", {
        image: `${docker.registry()}/sandbox/known:9`,
        source: "registry",
      }),
      "not_found",
    );
  });

  it("honours Retry-After when the registry rate-limits", async () => {
    const session = await docker.connect();
    docker.sandbox.faults.add({
      platform: "docker",
      match: { path: /\/tags\/list$/ },
      status: 429,
      headers: { "retry-after": "7", "content-type": "application/json" },
      body: { errors: [{ code: "TOOMANYREQUESTS", message: "too many requests" }] },
    });
    const error = expectEnvelope(
      await session.call("docker_registry_tag_list", {
        repository: `${docker.registry()}/sandbox/any`,
      }),
      "rate_limited",
    );
    expect(error.details).toMatchObject({
      retry_after_seconds: 7,
      platform_code: "TOOMANYREQUESTS",
    });
  });

  it("refuses reading a repository outside the allow-lists, sending nothing", async () => {
    const session = await docker.connect();
    const before = docker.sandbox.recorder.to("docker").length;
    expectEnvelope(
      await session.call("docker_registry_tag_list", { repository: "ghcr.io/someone/else" }),
      "policy_denied",
    );
    expectEnvelope(
      await session.call("docker_image_info", {
        image: "ghcr.io/someone/else:1",
        source: "registry",
      }),
      "policy_denied",
    );
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });

  it("refuses a malformed repository as invalid_request without a request", async () => {
    const session = await docker.connect();
    const before = docker.sandbox.recorder.to("docker").length;
    const error = expectEnvelope(
      await session.call("docker_registry_tag_list", { repository: "Not A Repo" }),
      "invalid_request",
    );
    expect(error.message).toContain("not an image reference");
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });
});
