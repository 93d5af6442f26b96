import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Connected,
  connectInMemory,
  expectEnvelope,
  structured,
} from "@agent-mesh/core/testing";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engineOptions } from "../src/client.js";
import { platform } from "../src/index.js";
import { findRealEngine, requireRealEngine } from "./real-engine.js";

const { engine, reason } = findRealEngine();
// CI sets AGENT_MESH_REQUIRE_DOCKER=1: there a missing engine is a failed test, never a skip.
describe.runIf(!engine && requireRealEngine)("the real engine CI requires", () => {
  it("is running", () => {
    throw new Error(`AGENT_MESH_REQUIRE_DOCKER=1 but ${reason}`);
  });
});

// Against Debian's dockerd and docker-registry (scripts/ci/docker-up.sh): real builds, real pushes.
describe.skipIf(!engine)(
  `the real engine and registry${engine ? "" : ` (skipped: ${reason})`}`,
  () => {
    const run = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let root: string;
    let session: Connected;
    let docker: Docker;
    const repo = () => `${engine?.registry}/team/${run}`;

    beforeAll(async () => {
      if (!engine) return;
      root = await mkdtemp(join(tmpdir(), "mcp-docker-real-"));
      docker = new Docker(engineOptions(engine.host));
      session = await connectInMemory(platform, {
        env: {
          DOCKER_HOST: engine.host,
          DOCKER_BUILD_ROOTS: root,
          DOCKER_PUSH_ALLOW: `${engine.registry}/team/*`,
          DOCKER_CONFIG: join(root, "no-docker-config"),
        },
      });
    });

    afterAll(async () => {
      await session?.close();
      if (docker) {
        const mine = await docker.listImages({
          filters: JSON.stringify({ reference: [`*${run}*`, `*/team/${run}`] }),
        });
        for (const image of mine)
          await docker
            .getImage(image.Id)
            .remove({ force: true })
            .catch(() => {});
      }
      if (root) await rm(root, { recursive: true, force: true });
    });

    const context = async (
      name: string,
      dockerfile: string,
      files: Record<string, string> = {},
    ) => {
      const dir = join(root, name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "Dockerfile"), dockerfile);
      for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
      return dir;
    };

    it("builds a few steps with progress, honours .dockerignore, and docker_image_info describes the image", async () => {
      const dir = await context(
        "app",
        `FROM ${engine?.baseImage}\nCOPY . /app/\nRUN ls /app > /listing\nLABEL team=${run}\n`,
        { "keep.txt": "kept", "secret.env": "TOKEN=nope", ".dockerignore": "secret.env\n" },
      );
      const progress: string[] = [];
      const result = await session.call(
        "docker_image_build",
        { context: dir, tags: [`${run}/app:1`] },
        { onprogress: (p) => progress.push(p.message ?? "") },
      );
      const built = structured<{ id: string; size: number; steps: number; tags: string[] }>(result);
      expect(built).toMatchObject({ steps: 4, tags: [`${run}/app:1`] });
      expect(built.id).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(progress.filter((m) => m.startsWith("Step "))).toHaveLength(4);
      expect(progress[0]).toContain(`Step 1/4: FROM ${engine?.baseImage}`);

      const info = structured<Record<string, unknown>>(
        await session.call("docker_image_info", { image: `${run}/app:1` }),
      );
      expect(info).toMatchObject({
        source: "local",
        id: built.id,
        size: built.size,
        architecture: "amd64",
        labels: { data: { team: run } },
      });
      expect((info.layers as unknown[]).length).toBeGreaterThanOrEqual(2);

      // .dockerignore kept secret.env out of the context the engine received.
      const container = await docker.createContainer({ Image: built.id, Cmd: ["cat", "/listing"] });
      await container.start();
      await container.wait();
      const logs = structured<{ lines: { data: Array<{ text: string }> } }>(
        await session.call("docker_container_logs_get", { container: container.id }),
      );
      const listed = logs.lines.data.map((line) => line.text);
      expect(listed).toContain("keep.txt");
      expect(listed).not.toContain("secret.env");
      const containers = structured<{ containers: Array<{ id: string; state: string }> }>(
        await session.call("docker_container_list", { all: true, limit: 100 }),
      );
      expect(containers.containers.find((c) => c.id === container.id)?.state).toBe("exited");
      await container.remove();
    }, 120_000);

    it("docker_build_push pushes to the local registry and docker_registry_tag_list shows the same digest", async () => {
      const dir = await context("push", `FROM ${engine?.baseImage}\nLABEL run=${run}\n`);
      const out = structured<{ pushed: Array<{ reference: string; digest: string }> }>(
        await session.call("docker_build_push", {
          context: dir,
          image: repo(),
          tags: ["v1", "v2"],
        }),
      );
      expect(out.pushed.map((p) => p.reference)).toEqual([`${repo()}:v1`, `${repo()}:v2`]);
      const digest = out.pushed[0]?.digest;
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);

      const page1 = structured<{
        tags: Array<{ tag: string; digest: string }>;
        next_cursor: string | null;
      }>(await session.call("docker_registry_tag_list", { repository: repo(), limit: 1 }));
      expect(page1.tags).toEqual([{ tag: "v1", digest }]);
      expect(page1.next_cursor).not.toBeNull();
      const page2 = structured<{
        tags: Array<{ tag: string; digest: string }>;
        next_cursor: string | null;
      }>(
        await session.call("docker_registry_tag_list", {
          repository: repo(),
          limit: 1,
          cursor: page1.next_cursor,
        }),
      );
      expect(page2.tags).toEqual([{ tag: "v2", digest }]);

      // Removed locally, the image is described from the registry's manifest.
      await docker.getImage(`${repo()}:v2`).remove();
      const remote = structured<Record<string, unknown>>(
        await session.call("docker_image_info", { image: `${repo()}:v2` }),
      );
      expect(remote).toMatchObject({
        source: "registry",
        digest,
        architecture: "amd64",
        labels: { data: { run } },
      });
    }, 120_000);

    it("a failed build answers a short envelope with the failing step and the last lines", async () => {
      const dir = await context(
        "broken",
        `FROM ${engine?.baseImage}\nRUN echo about to fail && exit 3\n`,
      );
      const error = expectEnvelope(
        await session.call("docker_image_build", { context: dir, tags: [`${run}/broken:1`] }),
        "invalid_request",
      );
      expect(error.message).toContain("at step 2/2");
      expect(error.message).toContain("returned a non-zero code: 3");
      const tail = (error.details as { output_tail: string[] }).output_tail;
      expect(tail).toContain("about to fail");
      expect(tail.length).toBeLessThanOrEqual(15);
    }, 120_000);

    it("cancelling the call stops the build: its RUN container goes away and no image is tagged", async () => {
      const dir = await context(
        "cancel",
        `FROM ${engine?.baseImage}\nRUN sleep 120\nLABEL never=${run}\n`,
      );
      const controller = new AbortController();
      const call = session.call(
        "docker_image_build",
        { context: dir, tags: [`${run}/cancel:1`] },
        {
          signal: controller.signal,
          onprogress: (p) => {
            if (p.message?.includes("RUN sleep")) setTimeout(() => controller.abort(), 500);
          },
        },
      );
      await expect(call).rejects.toThrow();
      const sleeping = async () =>
        (await docker.listContainers({ all: true })).filter((c) => c.Command.includes("sleep 120"));
      await vi.waitFor(async () => expect(await sleeping()).toEqual([]), {
        timeout: 60_000,
        interval: 200,
      });
      expect(
        await docker.listImages({ filters: JSON.stringify({ reference: [`${run}/cancel`] }) }),
      ).toEqual([]);
    }, 120_000);

    it("refuses a context outside the roots, a symlink escaping them, and an unlisted registry before the engine is called", async () => {
      const outside = await mkdtemp(join(tmpdir(), "mcp-docker-outside-"));
      try {
        await writeFile(join(outside, "Dockerfile"), "FROM scratch\n");
        const before = (await docker.listImages()).length;
        expectEnvelope(
          await session.call("docker_image_build", { context: outside, tags: ["x:1"] }),
          "policy_denied",
        );
        const linked = await context("linked", "FROM scratch\n");
        await symlink(outside, join(linked, "escape"));
        const escaping = expectEnvelope(
          await session.call("docker_image_build", { context: linked, tags: ["x:1"] }),
          "policy_denied",
        );
        expect(escaping.message).toContain("escape");
        expectEnvelope(
          await session.call("docker_build_push", {
            context: linked,
            image: "registry.example.com/team/x",
            tags: ["1"],
          }),
          "policy_denied",
        );
        expect((await docker.listImages()).length).toBe(before);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
