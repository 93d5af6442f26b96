import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it, vi } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();

describe("docker_image_build against the Engine-API stand-in", () => {
  it("sends the context as a tar with no network, reports each step, and answers id, tags and size", async () => {
    const session = await docker.connect();
    const dir = await docker.context(
      "web",
      "FROM scratch\nCOPY app.txt /app.txt\nLABEL team=web\n",
      { "app.txt": "hello", "notes.md": "private", ".dockerignore": "*.md\n" },
    );
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await session.call(
      "docker_image_build",
      { context: dir, tags: ["sandbox/web:1"], build_args: { VERSION: "1.0" } },
      { onprogress: (p) => progress.push(p) },
    );
    const built = structured<{ id: string; tags: string[]; size: number; steps: number }>(result);
    expect(built).toMatchObject({ tags: ["sandbox/web:1"], size: 5, steps: 3 });
    expect(built.id).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(progress.map((p) => [p.progress, p.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(progress[1]?.message).toBe("Step 2/3: COPY app.txt /app.txt");
    const sent = docker.sandbox.recorder.to("docker", "/build").at(-1);
    expect(sent?.query).toMatchObject({
      t: "sandbox/web:1",
      dockerfile: "Dockerfile",
      networkmode: "none",
      buildargs: JSON.stringify({ VERSION: "1.0" }),
    });
    // .dockerignore honoured: the ignored file never left the machine.
    expect(String(sent?.body)).not.toContain("private");
    const info = structured(await session.call("docker_image_info", { image: "sandbox/web:1" }));
    expect(info).toMatchObject({
      source: "local",
      id: built.id,
      labels: { data: { team: "web" } },
    });
  });

  it("returns a failing step and the last lines, never the whole log, and scrubs secret build args", async () => {
    const session = await docker.connect();
    const secret = "tok-3f9a1c-never-shown";
    const lines = Array.from({ length: 30 }, (_, i) => `RUN echo line-${i}`).join("\n");
    const dir = await docker.context(
      "broken",
      `FROM scratch\nARG TOKEN\n${lines}\nRUN echo using $TOKEN && exit 2\n`,
    );
    const result = await session.call("docker_image_build", {
      context: dir,
      tags: ["sandbox/broken:1"],
      secret_build_args: { TOKEN: secret },
    });
    const error = expectEnvelope(result, "invalid_request");
    expect(error.message).toMatch(/^Docker build failed at step 33\/33 \(RUN echo using/);
    expect(error.message).toContain("returned a non-zero code: 2");
    const tail = (error.details as { output_tail: string[] }).output_tail;
    expect(tail.length).toBe(15);
    expect(tail).not.toContain("line-0");
    expect(JSON.stringify(result)).not.toContain(secret);
    // The engine did get the value.
    const sent = docker.sandbox.recorder.to("docker", "/build").at(-1);
    expect(JSON.parse(sent?.query.buildargs ?? "{}")).toEqual({ TOKEN: secret });
  });

  it("refuses a context outside DOCKER_BUILD_ROOTS before the engine is called", async () => {
    const session = await docker.connect();
    const before = docker.sandbox.recorder.to("docker").length;
    const error = expectEnvelope(
      await session.call("docker_image_build", { context: "/etc", tags: ["x:1"] }),
      "policy_denied",
    );
    expect(error.message).toContain("outside DOCKER_BUILD_ROOTS");
    expectEnvelope(
      await session.call("docker_image_build", { context: "../../etc", tags: ["x:1"] }),
      "policy_denied",
    );
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });

  it("refuses a context larger than DOCKER_BUILD_CONTEXT_MAX_BYTES, naming the setting", async () => {
    const session = await docker.connect({ DOCKER_BUILD_CONTEXT_MAX_BYTES: "100" });
    const dir = await docker.context("big", "FROM scratch\n", { "blob.bin": "x".repeat(500) });
    const before = docker.sandbox.recorder.to("docker").length;
    const error = expectEnvelope(
      await session.call("docker_image_build", { context: dir, tags: ["x:1"] }),
      "invalid_request",
    );
    expect(error.details).toEqual({ variable: "DOCKER_BUILD_CONTEXT_MAX_BYTES" });
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });

  it("answers not_configured naming DOCKER_BUILD_ROOTS when no root is set", async () => {
    const session = await docker.connect({ DOCKER_BUILD_ROOTS: undefined });
    const error = expectEnvelope(
      await session.call("docker_image_build", { context: "/tmp/x", tags: ["x:1"] }),
      "not_configured",
    );
    expect(error.details).toEqual({ variables: ["DOCKER_BUILD_ROOTS"] });
  });

  it("stops the build when the call is cancelled", async () => {
    const session = await docker.connect();
    const steps = Array.from({ length: 40 }, (_, i) => `LABEL step=${i}`).join("\n");
    const dir = await docker.context("slow", `FROM scratch\n${steps}\n`);
    const controller = new AbortController();
    const call = session.call(
      "docker_image_build",
      { context: dir, tags: ["sandbox/slow:1"] },
      {
        signal: controller.signal,
        onprogress: (p) => {
          if (p.progress >= 2) controller.abort();
        },
      },
    );
    await expect(call).rejects.toThrow();
    // The connection closed, so the engine stopped: no image, and the stand-in saw the cancel.
    await vi.waitFor(
      () => {
        const cancels = docker.sandbox.recorder.to("docker", "/build");
        expect(cancels.some((r) => r.method === "CANCEL")).toBe(true);
      },
      { timeout: 30_000 },
    );
    const list = structured<{ images: Array<{ tags: string[] }> }>(
      await session.call("docker_image_list", { reference: "sandbox/slow" }),
    );
    expect(list.images).toEqual([]);
  });
});
