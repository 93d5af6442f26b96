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

const hints = (readOnly: boolean) => ({
  readOnlyHint: readOnly,
  destructiveHint: false,
  idempotentHint: readOnly,
  openWorldHint: false,
});

let writes = 0;
const platform = definePlatform({
  name: "ledger",
  title: "Ledger",
  version: "0.0.0",
  description: "A platform with one read and one write.",
  config: {
    token: { env: "LEDGER_TOKEN", schema: z.string().min(1), description: "Token", secret: true },
    readOnly: {
      env: "LEDGER_READ_ONLY",
      schema: flagSetting().default(false),
      description: "Hide writes",
    },
  },
  client: () => ({}),
  tools: [
    defineTool({
      name: "ledger_entry_list",
      title: "List",
      description: "Lists.",
      input: z.object({}),
      output: z.object({ n: z.number() }),
      annotations: hints(true),
      run: async () => ({ n: writes }),
    }),
    defineTool({
      name: "ledger_entry_add",
      title: "Add",
      description: "Adds.",
      input: z.object({}),
      output: z.object({ n: z.number() }),
      annotations: hints(false),
      run: async () => ({ n: ++writes }),
    }),
  ],
  mapError: () => undefined,
});

const names = (env: Record<string, string>) =>
  createRuntime(platform, { env }).tools.map((t) => t.name);

describe("the read-only switch (<PLATFORM>_READ_ONLY)", () => {
  it("hides every tool that writes, and refuses a call to one without running it", async () => {
    expect(names({ LEDGER_TOKEN: "t" })).toEqual(["ledger_entry_list", "ledger_entry_add"]);
    expect(names({ LEDGER_TOKEN: "t", LEDGER_READ_ONLY: "true" })).toEqual(["ledger_entry_list"]);
    const runtime = createRuntime(platform, {
      env: { LEDGER_TOKEN: "t", LEDGER_READ_ONLY: "yes" },
    });
    const refused = readEnvelope(await runtime.call("ledger_entry_add", {}));
    expect(refused).toMatchObject({ code: "policy_denied" });
    expect(refused?.message).toContain("LEDGER_READ_ONLY");
    expect(writes).toBe(0);
  });

  it("holds without credentials, takes mesh.yaml values, and fails closed on a bad value", () => {
    expect(names({ LEDGER_READ_ONLY: "on" })).toEqual(["ledger_entry_list"]);
    expect(readOnlyMode(platform.config, { env: {}, values: { readOnly: true } })).toBe(true);
    expect(readOnlyMode(platform.config, { env: { LEDGER_READ_ONLY: "maybe" } })).toBe(true);
    expect(readOnlyMode(platform.config, { env: { LEDGER_READ_ONLY: "" } })).toBe(false);
    expect(readOnlyMode({}, { env: { LEDGER_READ_ONLY: "true" } })).toBe(false);
  });
});
