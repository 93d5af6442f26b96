import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useDockerSandbox } from "./setup.js";

const docker = useDockerSandbox();
const pushes = () => docker.sandbox.recorder.to("docker", /\/push$/);

async function buildLocal(name: string, tags: string[]) {
  const session = await docker.connect();
  const dir = await docker.context(name, `FROM scratch\nCOPY a.txt /\nLABEL app=${name}\n`, {
    "a.txt": name,
  });
  structured(await session.call("docker_image_build", { context: dir, tags }));
}

describe("docker_image_push and docker_build_push", () => {
  it("pushes with the registry's credentials, never echoing them, and the registry lists the same digest", async () => {
    const repo = `${docker.registry()}/sandbox/api`;
    await buildLocal("api", [`${repo}:1.0`]);
    const session = await docker.connect();
    const progress: string[] = [];
    const result = await session.call(
      "docker_image_push",
      { image: `${repo}:1.0` },
      { onprogress: (p) => progress.push(p.message ?? "") },
    );
    const pushed = structured<{ reference: string; digest: string; size: number }>(result);
    expect(pushed.reference).toBe(`${repo}:1.0`);
    expect(pushed.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(progress).toContain(`${repo}:1.0: 1/1 layers`);
    expect(progress.at(-1)).toBe(`${repo}:1.0: pushed`);
    const sent = pushes().at(-1);
    expect(sent?.query).toEqual({ tag: "1.0" });
    const auth = JSON.parse(
      Buffer.from(sent?.headers["x-registry-auth"] ?? "", "base64url").toString(),
    );
    expect(auth).toMatchObject({ username: "sandbox", serveraddress: docker.registry() });
    expect(JSON.stringify(result)).not.toContain(docker.sandbox.env.DOCKER_REGISTRY_PASSWORD);

    const tags = structured<{ tags: Array<{ tag: string; digest: string }> }>(
      await session.call("docker_registry_tag_list", { repository: repo }),
    );
    expect(tags.tags).toEqual([{ tag: "1.0", digest: pushed.digest }]);
  });

  it("builds and pushes every tag in one call, as the seed asks", async () => {
    const session = await docker.connect();
    const repo = `${docker.registry()}/sandbox/both`;
    const dir = await docker.context("both", "FROM scratch\nLABEL app=both\n");
    const progress: number[] = [];
    const out = structured<{ id: string; pushed: Array<{ reference: string; digest: string }> }>(
      await session.call(
        "docker_build_push",
        { context: dir, image: repo, tags: ["a", "b"] },
        { onprogress: (p) => progress.push(p.progress) },
      ),
    );
    expect(out.pushed.map((p) => p.reference)).toEqual([`${repo}:a`, `${repo}:b`]);
    expect(docker.sandbox.recorder.to("docker", "/build").at(-1)?.query).toMatchObject({
      networkmode: "none",
    });
    expect(
      docker.sandbox.recorder.to("docker", `/images/${repo}/push`).map((r) => r.query.tag),
    ).toEqual(["a", "b"]);
    expect(out.pushed[0]?.digest).toBe(out.pushed[1]?.digest);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const info = structured(
      await session.call("docker_image_info", { image: `${repo}:a`, source: "registry" }),
    );
    expect(info).toMatchObject({
      source: "registry",
      digest: out.pushed[0]?.digest,
      id: out.id,
      labels: { data: { app: "both" } },
    });
  });

  it("asks before pushing a protected tag, sending nothing until confirmed", async () => {
    const repo = `${docker.registry()}/sandbox/web`;
    await buildLocal("web", [`${repo}:latest`]);
    const session = await docker.connect();
    const before = pushes().length;
    const ask = expectEnvelope(
      await session.call("docker_image_push", { image: `${repo}:latest` }),
      "confirmation_required",
    );
    expect(pushes()).toHaveLength(before);
    const token = (ask.details as { confirm_token: string }).confirm_token;
    structured(
      await session.call("docker_image_push", { image: `${repo}:latest`, confirm_token: token }),
    );
    expect(pushes()).toHaveLength(before + 1);
  });

  it("refuses a registry outside DOCKER_PUSH_ALLOW before the engine is called, even for a protected tag", async () => {
    const session = await docker.connect();
    const before = docker.sandbox.recorder.to("docker").length;
    for (const image of [
      "registry.example.com/team/app:1",
      "registry.example.com/team/app:latest",
    ]) {
      const error = expectEnvelope(
        await session.call("docker_image_push", { image }),
        "policy_denied",
      );
      expect(error.message).toContain("DOCKER_PUSH_ALLOW");
    }
    const dir = await docker.context("nope", "FROM scratch\n");
    expectEnvelope(
      await session.call("docker_build_push", {
        context: dir,
        image: "registry.example.com/team/app",
        tags: ["1"],
      }),
      "policy_denied",
    );
    expect(docker.sandbox.recorder.to("docker")).toHaveLength(before);
  });

  it("answers not_configured naming DOCKER_PUSH_ALLOW when no registry is allowed", async () => {
    const session = await docker.connect({ DOCKER_PUSH_ALLOW: undefined });
    const error = expectEnvelope(
      await session.call("docker_image_push", { image: `${docker.registry()}/sandbox/x:1` }),
      "not_configured",
    );
    expect(error.details).toEqual({ variables: ["DOCKER_PUSH_ALLOW"] });
  });

  it("maps a registry's 401 in the middle of the push stream to authentication_error", async () => {
    const repo = `${docker.registry()}/sandbox/auth`;
    await buildLocal("auth", [`${repo}:1`]);
    const session = await docker.connect({ DOCKER_REGISTRY_PASSWORD: "wrong-password" });
    const result = await session.call("docker_image_push", { image: `${repo}:1` });
    const error = expectEnvelope(result, "authentication_error");
    expect(error.message).toContain("unauthorized: authentication required");
    expect(error.message).toContain("DOCKER_REGISTRY_USERNAME");
    expect(JSON.stringify(result)).not.toContain("wrong-password");
  });

  it("runs a retried push once (one request recorded)", async () => {
    const repo = `${docker.registry()}/sandbox/retry`;
    await buildLocal("retry", [`${repo}:7`]);
    const session = await docker.connect();
    const before = pushes().length;
    const args = { image: `${repo}:7`, idempotency_key: "push-retry-7" };
    const first = structured(await session.call("docker_image_push", args));
    const again = await session.call("docker_image_push", args);
    expect(structured(again)).toEqual(first);
    expect(again._meta?.["agent-mesh/idempotent-replay"]).toBe(true);
    expect(pushes()).toHaveLength(before + 1);
  });

  it("answers not_found for a local tag that does not exist", async () => {
    const session = await docker.connect();
    expectEnvelope(
      await session.call("docker_image_push", { image: `${docker.registry()}/sandbox/missing:1` }),
      "not_found",
    );
  });
});
