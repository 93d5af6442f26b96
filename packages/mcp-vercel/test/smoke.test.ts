import { fileURLToPath } from "node:url";
import { expectEnvelope, spawnStdio, structured } from "@agent-mesh/core/testing";
import { useSandbox } from "@agent-mesh/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tools } from "../src/index.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sandbox = useSandbox("vercel", { stepMs: 25 });
beforeAll(sandbox.start);
afterAll(sandbox.close);

describe("the built bin over stdio, as npx runs it", () => {
  it("lists every tool with schemas and annotations, and answers not_configured without a token", async () => {
    const server = await spawnStdio(bin);
    try {
      const listed = (await server.client.listTools()).tools;
      expect(listed.map((t) => t.name).sort()).toEqual(tools.map((t) => t.name).sort());
      for (const tool of listed) {
        expect(tool.inputSchema.type).toBe("object");
        expect(tool.outputSchema?.type).toBe("object");
        expect(Object.keys(tool.annotations ?? {})).toEqual(
          expect.arrayContaining([
            "readOnlyHint",
            "destructiveHint",
            "idempotentHint",
            "openWorldHint",
          ]),
        );
      }
      const result = expectEnvelope(await server.call("vercel_project_list", {}), "not_configured");
      expect(result.details).toEqual({ variables: ["VERCEL_TOKEN"] });
    } finally {
      await server.close();
    }
  });

  it("deploys against the sandbox until the get tool reports READY", async () => {
    const server = await spawnStdio(bin, sandbox.env);
    try {
      const { id } = structured<{ id: string }>(
        await server.call("vercel_deployment_create", {
          project: "web",
          ref: "main",
          target: "production",
        }),
      );
      let state = "QUEUED";
      for (let i = 0; i < 100 && state !== "READY"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        state = structured<{ state: string }>(
          await server.call("vercel_deployment_get", { deployment_id: id }),
        ).state;
      }
      expect(state).toBe("READY");
    } finally {
      await server.close();
    }
  });
});
