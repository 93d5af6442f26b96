import { describe, expect, it } from "vitest";
import { createRuntime, readOnlyMode, readOnlyVariable } from "../src/index.js";
import { demoPlatform } from "./fixtures/demo-platform.js";

const env = { DEMO_TOKEN: "demo-token-123" };
const names = (readOnly: Record<string, string | undefined>, values?: Record<string, unknown>) =>
  createRuntime(demoPlatform, { env: { ...env, ...readOnly }, values }).tools.map((t) => t.name);

describe("read-only mode", () => {
  it("hides every tool that writes when <PLATFORM>_READ_ONLY is on", () => {
    expect(readOnlyVariable("demo")).toBe("DEMO_READ_ONLY");
    expect(names({})).toContain("demo_item_create");
    const readOnly = names({ DEMO_READ_ONLY: "true" });
    expect(readOnly).toEqual(["demo_item_get", "demo_job_wait"]);
    expect(names({ DEMO_READ_ONLY: "off" })).toContain("demo_item_delete");
  });

  it("takes mesh.yaml's readOnly and treats a value that is not a flag as on", () => {
    expect(names({}, { readOnly: true })).not.toContain("demo_item_create");
    expect(readOnlyMode("demo", { env: { DEMO_READ_ONLY: "maybe" } })).toBe(true);
    expect(readOnlyMode("demo", { env: { DEMO_READ_ONLY: " " } })).toBe(false);
  });

  it("answers a call to a hidden tool as an unknown tool, before anything runs", async () => {
    const runtime = createRuntime(demoPlatform, { env, readOnly: true });
    await expect(runtime.call("demo_item_create", { name: "x" })).rejects.toThrow(/Unknown tool/);
  });
});
