import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRuntime, definePlatform, defineTool, readEnvelope } from "../src/index.js";

const runs: string[] = [];
const wipe = defineTool({
  name: "when_table_wipe",
  title: "Wipe",
  description: "Wipes a table, or only pretends to.",
  input: z.object({ table: z.string(), for_real: z.boolean().default(false) }),
  output: z.object({ table: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  confirm: { when: (input) => input.for_real, message: (input) => `Wipe ${input.table}.` },
  run: async (input) => {
    runs.push(input.table);
    return { table: input.table };
  },
});
const platform = definePlatform({
  name: "when",
  title: "When",
  version: "0.0.0",
  description: "confirm.when",
  config: {},
  client: () => ({}),
  tools: [wipe],
  mapError: () => undefined,
});

describe("confirm.when", () => {
  it("asks only for the calls it names, and runs nothing before the yes", async () => {
    const runtime = createRuntime(platform, { env: {} });
    const pretend = await runtime.call("when_table_wipe", { table: "a" });
    expect(pretend.isError).toBeFalsy();
    expect(runs).toEqual(["a"]);
    const ask = readEnvelope(await runtime.call("when_table_wipe", { table: "b", for_real: true }));
    expect(ask?.code).toBe("confirmation_required");
    expect(ask?.message).toContain("Wipe b.");
    expect(runs).toEqual(["a"]);
    const token = (ask?.details as { confirm_token?: string } | undefined)?.confirm_token;
    expect(token).toEqual(expect.any(String));
    await runtime.call("when_table_wipe", { table: "b", for_real: true, confirm_token: token });
    expect(runs).toEqual(["a", "b"]);
  });
});
