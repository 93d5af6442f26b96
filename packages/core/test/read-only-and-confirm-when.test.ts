import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createRuntime,
  definePlatform,
  defineTool,
  flagSetting,
  readEnvelope,
  readOnlyMode,
} from "../src/index.js";

const calls: string[] = [];

const read = defineTool({
  name: "ro_item_get",
  title: "Get",
  description: "Reads.",
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  run: async () => {
    calls.push("get");
    return { ok: true };
  },
});

const publish = defineTool({
  name: "ro_item_publish",
  title: "Publish",
  description: "Writes; asks only for protected names.",
  input: z.object({ name: z.string() }),
  output: z.object({ ok: z.boolean() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  confirm: {
    when: ({ name }) => name.startsWith("prod"),
    message: ({ name }) => `Publish ${name} over the protected one.`,
  },
  run: async ({ name }) => {
    calls.push(`publish ${name}`);
    return { ok: true };
  },
});

const platform = definePlatform({
  name: "ro",
  title: "RO",
  version: "0.0.0",
  description: "Read-only switch fixture.",
  config: {
    readOnly: {
      env: "RO_READ_ONLY",
      schema: flagSetting().default(false),
      description: "hide writes",
    },
  },
  client: () => ({}),
  tools: [read, publish],
  mapError: () => undefined,
});

describe("the readOnly setting", () => {
  it("hides every tool that writes and refuses a call to one with policy_denied, running nothing", async () => {
    calls.length = 0;
    const runtime = createRuntime(platform, { env: { RO_READ_ONLY: "yes" } });
    expect(runtime.tools.map((tool) => tool.name)).toEqual(["ro_item_get"]);
    expect(runtime.has("ro_item_publish")).toBe(false);
    const refused = readEnvelope(await runtime.call("ro_item_publish", { name: "a" }));
    expect(refused).toMatchObject({ code: "policy_denied" });
    expect(refused?.message).toContain("RO_READ_ONLY=true");
    await runtime.call("ro_item_get", {});
    expect(calls).toEqual(["get"]);
  });

  it("is off by default, follows mesh.yaml values over the environment, and ignores platforms without it", () => {
    expect(readOnlyMode(platform.config, { env: {} })).toBe(false);
    expect(
      readOnlyMode(platform.config, { env: { RO_READ_ONLY: "true" }, values: { readOnly: false } }),
    ).toBe(false);
    // A value that does not parse counts as on: a typo never leaves writes enabled.
    expect(readOnlyMode(platform.config, { env: { RO_READ_ONLY: "not-a-flag" } })).toBe(true);
    expect(readOnlyMode({}, { env: { RO_READ_ONLY: "true" } })).toBe(false);
    expect(createRuntime(platform, { env: {} }).tools).toHaveLength(2);
  });
});

describe("confirm.when", () => {
  it("asks only when it answers true", async () => {
    calls.length = 0;
    const runtime = createRuntime(platform, { env: {} });
    const plain = await runtime.call("ro_item_publish", { name: "staging" });
    expect(plain.isError).toBeFalsy();
    const asked = readEnvelope(await runtime.call("ro_item_publish", { name: "prod-1" }));
    expect(asked).toMatchObject({ code: "confirmation_required" });
    expect(asked?.message).toContain("Publish prod-1 over the protected one.");
    expect(calls).toEqual(["publish staging"]);
  });
});
