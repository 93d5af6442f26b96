import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();

describe("docker_image_list, docker_image_tag, docker_image_remove, docker_image_info", () => {
  it("lists local images newest first, paging with a cursor and filtering by reference", async () => {
    const session = await docker.connect();
    for (const name of ["one", "two", "three"]) {
      const dir = await docker.context(name, `FROM scratch\nLABEL n=${name}\n`);
      structured(
        await session.call("docker_image_build", { context: dir, tags: [`listing/${name}:1`] }),
      );
    }
    const page1 = structured<{ images: Array<{ tags: string[] }>; next_cursor: string | null }>(
      await session.call("docker_image_list", { reference: "listing/*", limit: 2 }),
    );
    expect(page1.images).toHaveLength(2);
    expect(page1.next_cursor).not.toBeNull();
    const page2 = structured<{ images: Array<{ tags: string[] }>; next_cursor: string | null }>(
      await session.call("docker_image_list", {
        reference: "listing/*",
        limit: 2,
        cursor: page1.next_cursor,
      }),
    );
    expect(page2.next_cursor).toBeNull();
    const all = [...page1.images, ...page2.images].flatMap((image) => image.tags).sort();
    expect(all).toEqual(["listing/one:1", "listing/three:1", "listing/two:1"]);
    const sent = docker.sandbox.recorder.to("docker", "/images/json").at(-1);
    expect(JSON.parse(sent?.query.filters ?? "{}")).toEqual({ reference: ["listing/*"] });
    expectEnvelope(
      await session.call("docker_image_list", { cursor: "not-a-cursor" }),
      "invalid_request",
    );
  });

  it("tags an image, and the engine receives repo and tag", async () => {
    const session = await docker.connect();
    const out = structured(
      await session.call("docker_image_tag", {
        source: "sandbox/hello",
        target: "sandbox/hello:v2",
      }),
    );
    expect(out).toEqual({ source: "sandbox/hello", target: "sandbox/hello:v2" });
    expect(docker.sandbox.recorder.to("docker", "/images/sandbox/hello/tag").at(-1)?.query).toEqual(
      {
        repo: "sandbox/hello",
        tag: "v2",
      },
    );
    const info = structured(await session.call("docker_image_info", { image: "sandbox/hello:v2" }));
    expect(docker.sandbox.recorder.to("docker", "/images/sandbox/hello:v2/json")).toHaveLength(1);
    expect(info).toMatchObject({
      source: "local",
      labels: { data: { "org.opencontainers.image.title": "hello" } },
    });
    expectEnvelope(
      await session.call("docker_image_tag", { source: "sandbox/nothing:1", target: "x:1" }),
      "not_found",
    );
    expectEnvelope(
      await session.call("docker_image_tag", { source: "sandbox/hello", target: "Bad Name" }),
      "invalid_request",
    );
  });

  it("asks before removing an image, and removes only after confirmation", async () => {
    const session = await docker.connect();
    const dir = await docker.context("gone", "FROM scratch\nLABEL gone=yes\n");
    structured(
      await session.call("docker_image_build", { context: dir, tags: ["sandbox/gone:1"] }),
    );
    const deletes = () => docker.sandbox.recorder.to("docker").filter((r) => r.method === "DELETE");
    const before = deletes().length;
    const ask = expectEnvelope(
      await session.call("docker_image_remove", { image: "sandbox/gone:1" }),
      "confirmation_required",
    );
    expect(ask.message).toContain("Remove the local image sandbox/gone:1");
    expect(deletes()).toHaveLength(before);
    const token = (ask.details as { confirm_token: string }).confirm_token;
    const out = structured<{ untagged: string[]; deleted: string[] }>(
      await session.call("docker_image_remove", { image: "sandbox/gone:1", confirm_token: token }),
    );
    expect(out.untagged).toEqual(["sandbox/gone:1"]);
    expect(out.deleted.length).toBeGreaterThan(0);
    expect(deletes()).toHaveLength(before + 1);
    expect(deletes().at(-1)).toMatchObject({
      path: "/images/sandbox/gone:1",
      query: { force: "false" },
    });
    expectEnvelope(
      await session.call("docker_image_info", { image: "sandbox/gone:1" }),
      "not_found",
    );
  });

  it("refuses references that would leave the image routes, before any request", async () => {
    const session = await docker.connect({}, { confirmations: false });
    const before = docker.sandbox.recorder.to("docker").length;
    for (const image of ["../containers/web", "sandbox/hello?force=1", "a/../../b"]) {
      expectEnvelope(await session.call("docker_image_remove", { image }), "invalid_request");
      expectEnvelope(await session.call("docker_image_info", { image }), "invalid_request");
    }
    expectEnvelope(
      await session.call("docker_container_logs_get", { container: "../images/json" }),
      "invalid_request",
    );
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });

  it("answers conflict when a container still uses the image", async () => {
    const session = await docker.connect(
      { AGENT_MESH_CONFIRMATIONS: "off" },
      { confirmations: false },
    );
    const error = expectEnvelope(
      await session.call("docker_image_remove", { image: "sandbox/hello:latest" }),
      "conflict",
    );
    expect(error.message).toContain("must force");
  });
});
