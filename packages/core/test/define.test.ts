import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlatform, defineTool } from "../src/index.js";

const annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
const base = {
  title: "T",
  description: "D",
  input: z.object({}),
  output: z.object({}),
  annotations,
  run: async () => ({}),
};

describe("defineTool", () => {
  it.each([
    ["Demo_item_get", "lower snake case"],
    ["demo_item", "lower snake case"],
    ["demo__item_get", "lower snake case"],
    ["demo-item-get", "lower snake case"],
    [`demo_item_${"x".repeat(60)}`, "the limit is 64"],
  ])("rejects the name %s, naming it", (name, why) => {
    expect(() => defineTool({ ...base, name })).toThrow(why);
    expect(() => defineTool({ ...base, name })).toThrow(name.slice(0, 20));
  });

  it("accepts a conventional name of exactly 64 characters", () => {
    const name = `demo_item_${"x".repeat(54)}`;
    expect(name).toHaveLength(64);
    expect(defineTool({ ...base, name }).name).toBe(name);
  });

  it("requires every annotation hint", () => {
    const { openWorldHint: _, ...partial } = annotations;
    // @ts-expect-error openWorldHint is missing on purpose
    expect(() => defineTool({ ...base, name: "demo_item_get", annotations: partial })).toThrow(
      "defineTool(demo_item_get): annotations.openWorldHint must be set",
    );
  });

  it("reserves the keys core adds", () => {
    const input = z.object({ confirm_token: z.string() });
    expect(() => defineTool({ ...base, name: "demo_item_get", input })).toThrow(
      '"confirm_token" is reserved',
    );
  });

  it("refuses confirmation on a read-only tool", () => {
    const confirm = { message: () => "x" };
    expect(() => defineTool({ ...base, name: "demo_item_get", confirm })).toThrow("read-only");
  });
});

describe("defineTool on a destructive tool", () => {
  const destructive = {
    ...base,
    name: "demo_item_delete",
    annotations: { ...annotations, readOnlyHint: false, destructiveHint: true },
  };

  it("refuses it without a confirmation decision", () => {
    expect(() => defineTool(destructive)).toThrow(
      "defineTool(demo_item_delete): a destructive tool needs confirm: { message }, or confirm: false with noConfirmReason",
    );
  });

  it("accepts confirm, or confirm: false with a written reason", () => {
    expect(
      defineTool({ ...destructive, confirm: { message: () => "Delete it." } }).confirm,
    ).toBeTruthy();
    const reason = "Overwrites only the agent's own scratch data, which it can write again.";
    expect(
      defineTool({ ...destructive, confirm: false, noConfirmReason: reason }).noConfirmReason,
    ).toBe(reason);
  });

  it("refuses confirm: false without a real reason, and a reason without confirm: false", () => {
    expect(() => defineTool({ ...destructive, confirm: false })).toThrow("needs noConfirmReason");
    expect(() => defineTool({ ...destructive, confirm: false, noConfirmReason: "safe" })).toThrow(
      "needs noConfirmReason",
    );
    expect(() =>
      defineTool({
        ...destructive,
        confirm: { message: () => "x" },
        noConfirmReason: "A reason that contradicts the confirm spec.",
      }),
    ).toThrow("noConfirmReason goes with confirm: false only");
  });
});

describe("definePlatform", () => {
  const tool = defineTool({ ...base, name: "demo_item_get" });
  const platform = {
    title: "Demo",
    version: "1.0.0",
    description: "d",
    config: {},
    client: () => ({}),
    mapError: () => undefined,
  };

  it("requires every tool to carry the platform's prefix", () => {
    expect(() => definePlatform({ ...platform, name: "other", tools: [tool] })).toThrow(
      'tool name "demo_item_get" must start with its platform\'s prefix "other_"',
    );
  });

  it("rejects duplicate tools and bad platform names", () => {
    expect(() => definePlatform({ ...platform, name: "demo", tools: [tool, tool] })).toThrow(
      "defined twice",
    );
    expect(() => definePlatform({ ...platform, name: "My_Platform", tools: [] })).toThrow(
      "lower case",
    );
  });

  it("rejects two settings read from one variable", () => {
    const setting = { env: "X", schema: z.string(), description: "x" };
    expect(() =>
      definePlatform({ ...platform, name: "demo", tools: [], config: { a: setting, b: setting } }),
    ).toThrow('setting "b" reuses X');
  });
});
