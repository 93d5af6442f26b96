import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("github");
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", async () => {
    const server = await spawnStdio(bin);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain("github_workflow_dispatch");
      const env = expectEnvelope(await server.call("github_repo_get", {}), "not_configured");
      expect(env.details).toMatchObject({ variables: ["GITHUB_TOKEN"] });
    } finally {
      await server.close();
    }
  }, 60_000);

  it("calls the stand-in with @octokit/rest from the bundle", async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      const repo = structured<{ full_name: string }>(
        await server.call("github_repo_get", { repo: "acme/web" }),
      );
      expect(repo.full_name).toBe("acme/web");
      expect(sandbox.recorder.to("github", "/repos/acme/web")).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
