import { fileURLToPath } from "node:url";
import { type RunningSandbox, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ platforms: ["vercel"], stepMs: 25 });
});
afterAll(() => sandbox.close());

async function spawnBin(env: Record<string, string>) {
  const client = new Client({ name: "smoke", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: { PATH: process.env.PATH ?? "", ...env },
      stderr: "pipe",
    }),
  );
  const call = (name: string, args: Record<string, unknown>) =>
    client.request(
      { method: "tools/call", params: { name, arguments: args } },
      CallToolResultSchema,
    );
  return { client, call };
}

describe("the built bin over stdio, as npx runs it", () => {
  it("lists every tool with schemas and annotations, and answers not_configured without a token", async () => {
    const { client, call } = await spawnBin({});
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(8);
      for (const tool of tools) {
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
      const result = await call("vercel_project_list", {});
      expect(result.structuredContent).toMatchObject({
        code: "not_configured",
        details: { variables: ["VERCEL_TOKEN"] },
      });
    } finally {
      await client.close();
    }
  });

  it("deploys against the sandbox until the get tool reports READY", async () => {
    const { client, call } = await spawnBin(sandbox.env);
    try {
      const created = await call("vercel_deployment_create", {
        project: "web",
        ref: "main",
        target: "production",
      });
      const id = (created.structuredContent as { id: string }).id;
      let state = "QUEUED";
      for (let i = 0; i < 100 && state !== "READY"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        state = (
          (await call("vercel_deployment_get", { deployment_id: id })).structuredContent as {
            state: string;
          }
        ).state;
      }
      expect(state).toBe("READY");
    } finally {
      await client.close();
    }
  });
});
