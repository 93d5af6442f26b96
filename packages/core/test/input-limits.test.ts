import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createRuntime,
  definePlatform,
  defineTool,
  INPUT_LIMITS,
  readEnvelope,
} from "../src/index.js";
import { demoEnv, demoPlatform } from "./fixtures/demo-platform.js";

// Issue 10: limits core puts on every tool's input, before zod sees it (items 3, 4, 5).
const runtime = createRuntime(demoPlatform, { env: demoEnv });
const envelope = (result: { isError?: boolean; content?: unknown }) =>
  readEnvelope(result) as { code: string; message: string };

const echo = defineTool({
  name: "limits_value_echo",
  title: "Echo a value",
  description: "Echoes what it is given.",
  input: z.object({
    note: z.string().optional(),
    long: z.string().max(10_000).optional(),
    tags: z.array(z.string()).optional(),
    value: z.json().optional(),
    range: z
      .object({ from: z.string(), to: z.string() })
      .refine((range) => range.from <= range.to, "from must not be after to")
      .optional(),
  }),
  output: z.object({ ok: z.boolean() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  run: async () => ({ ok: true }),
});
const limits = createRuntime(
  definePlatform({
    name: "limits",
    title: "Limits",
    version: "1.0.0",
    description: "Input limits.",
    config: {},
    client: () => ({}),
    tools: [echo],
    mapError: () => undefined,
  }),
);

describe("input limits", () => {
  it("gives every string without a maximum the default maxLength, in the schema clients see", () => {
    const schema = limits.tools[0]!.inputSchema as {
      properties: Record<string, { maxLength?: number; items?: { maxLength?: number } }>;
    };
    expect(schema.properties.note?.maxLength).toBe(INPUT_LIMITS.defaultMaxLength);
    expect(schema.properties.long?.maxLength).toBe(10_000);
    expect(schema.properties.tags?.items?.maxLength).toBe(INPUT_LIMITS.defaultMaxLength);
  });

  it("keeps a nested object's own refinements while bounding its strings", async () => {
    const backwards = await limits.call("limits_value_echo", { range: { from: "b", to: "a" } });
    expect(envelope(backwards).message).toContain("from must not be after to");
    const long = await limits.call("limits_value_echo", {
      range: { from: "a", to: "z".repeat(5_000) },
    });
    expect(envelope(long).message).toContain("range.to");
  });

  it("refuses a string over the default maximum, and accepts a tool's own larger one", async () => {
    const over = await limits.call("limits_value_echo", { note: "n".repeat(4_097) });
    expect(envelope(over)).toMatchObject({ code: "invalid_request" });
    expect(envelope(over).message).toContain("note");
    expect(envelope(over).message.length).toBeLessThan(300);
    expect(
      (await limits.call("limits_value_echo", { long: "l".repeat(9_000) })).isError,
    ).toBeFalsy();
  });

  it("answers non-object arguments given to the runtime with invalid_request in one sentence", async () => {
    for (const [args, kind] of [
      [[], "an array"],
      ["x", "a string"],
      [42, "a number"],
    ] as const) {
      expect(envelope(await runtime.call("demo_item_get", args))).toMatchObject({
        code: "invalid_request",
        message: `Invalid arguments for demo_item_get: the arguments must be a JSON object, not ${kind}`,
      });
    }
  });

  it("names the field holding a lone surrogate, in a value or a key, at any depth", async () => {
    const inValue = await limits.call("limits_value_echo", { value: { a: [1, "x\udc00"] } });
    expect(envelope(inValue).message).toContain('"value.a[1]" contains a lone UTF-16 surrogate');
    const inKey = await limits.call("limits_value_echo", { value: { "\ud83d": 1 } });
    expect(envelope(inKey).message).toContain('a key in "value" contains a lone UTF-16 surrogate');
    // A well-formed pair is text like any other.
    expect((await limits.call("limits_value_echo", { note: "🎉" })).isError).toBeFalsy();
  });

  it("refuses nesting past the limit and free-form values past their size, before zod", async () => {
    let deep: unknown = 0;
    for (let i = 0; i < 5_000; i++) deep = { d: deep };
    const nested = await limits.call("limits_value_echo", { value: deep });
    expect(envelope(nested).message).toMatch(/nested more than 64 levels deep/);
    let ok: unknown = 0;
    for (let i = 0; i < 60; i++) ok = [ok];
    expect((await limits.call("limits_value_echo", { value: ok })).isError).toBeFalsy();
    const big = await limits.call("limits_value_echo", {
      value: "v".repeat(INPUT_LIMITS.maxFreeFormBytes),
    });
    expect(envelope(big).message).toMatch(
      /^Invalid arguments for limits_value_echo: value is \d+ bytes as JSON/,
    );
  });
});
