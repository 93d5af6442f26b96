import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlatform, defineTool, flagSetting } from "../src/index.js";
import { buildManifest } from "../src/manifest/build.js";
import { connectInMemory } from "../src/testing.js";

const hints = { destructiveHint: false, idempotentHint: true, openWorldHint: false };
const read = defineTool({
  name: "demo_item_get",
  title: "Get",
  description: "Reads",
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, ...hints },
  run: async () => ({ ok: true }),
});
const write = defineTool({
  ...read,
  name: "demo_item_set",
  annotations: { readOnlyHint: false, ...hints },
});

const platform = definePlatform({
  name: "demo",
  title: "Demo",
  version: "0.0.0",
  description: "Demo",
  config: {
    token: { env: "DEMO_TOKEN", schema: z.string().min(1), description: "token", secret: true },
    readOnly: { env: "DEMO_READ_ONLY", schema: flagSetting().default(false), description: "ro" },
  },
  client: () => ({}),
  tools: [read, write],
  visible: (tool, config) => !(config.readOnly === true && !tool.annotations.readOnlyHint),
  mapError: () => undefined,
});

describe("PlatformDefinition.visible", () => {
  it("hides tools by configuration: not listed, not callable", async () => {
    const session = await connectInMemory(platform, {
      env: { DEMO_TOKEN: "t", DEMO_READ_ONLY: "true" },
    });
    expect((await session.client.listTools()).tools.map((t) => t.name)).toEqual(["demo_item_get"]);
    await expect(session.call("demo_item_set", {})).rejects.toThrow(/Unknown tool/);
    await session.close();
  });

  it("sees the settings that resolved while others are missing", async () => {
    const session = await connectInMemory(platform, { env: { DEMO_READ_ONLY: "on" } });
    expect((await session.client.listTools()).tools.map((t) => t.name)).toEqual(["demo_item_get"]);
    await session.close();
  });

  it("lists every tool when the configuration hides none", async () => {
    const session = await connectInMemory(platform, { env: { DEMO_TOKEN: "t" } });
    expect((await session.client.listTools()).tools).toHaveLength(2);
    await session.close();
  });

  it("leaves the manifest (tools.json, docs) complete", () => {
    expect(buildManifest(platform).tools.map((t) => t.name)).toEqual([
      "demo_item_get",
      "demo_item_set",
    ]);
  });
});
