import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without a build root", async () => {
    const server = await spawnStdio(bin, { DOCKER_HOST: "tcp://127.0.0.1:1" });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("docker_build_push");
      const error = expectEnvelope(
        await server.call("docker_image_build", { context: "/tmp", tags: ["x:1"] }),
        "not_configured",
      );
      expect(error.details).toEqual({ variables: ["DOCKER_BUILD_ROOTS"] });
      expectEnvelope(await server.call("docker_image_list", {}), "upstream_unavailable");
    } finally {
      await server.close();
    }
  }, 60_000);
});
