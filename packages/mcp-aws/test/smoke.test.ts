import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe("the built bin over stdio, as npx runs it", () => {
  it("lists its tools and answers not_configured without credentials", async () => {
    const client = new Client({ name: "smoke", version: "0.0.0" });
    const env = { PATH: process.env.PATH ?? "" };
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [bin], env, stderr: "pipe" }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("aws_item_list");
      const result = await client.request(
        { method: "tools/call", params: { name: "aws_item_list", arguments: {} } },
        CallToolResultSchema,
      );
      expect(result.structuredContent).toMatchObject({ code: "not_configured" });
    } finally {
      await client.close();
    }
  });
});
