import { fileURLToPath } from "node:url";
import { startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { tools } from "../src/index.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

async function open(env: Record<string, string>) {
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
  it("lists every tool and answers not_configured without settings", async () => {
    const { client, call } = await open({});
    try {
      const listed = await client.listTools();
      expect(listed.tools.map((t) => t.name).sort()).toEqual(tools.map((t) => t.name).sort());
      const result = await call("aws_kv_list", {});
      expect(result.structuredContent).toMatchObject({ code: "not_configured" });
    } finally {
      await client.close();
    }
  });

  it("remembers and recalls a value through the sandbox", async () => {
    const sandbox = await startSandbox({ platforms: ["aws"] });
    const { client, call } = await open(sandbox.env);
    try {
      const set = await call("aws_kv_set", { key: "smoke/hello", value: { ok: true } });
      expect(set.isError).toBeFalsy();
      const got = await call("aws_kv_get", { key: "smoke/hello" });
      expect(got.structuredContent).toMatchObject({ found: true, value: { data: { ok: true } } });
    } finally {
      await client.close();
      await sandbox.close();
    }
  });
});
