import { describe, expect, it } from "vitest";
import { buildManifest, renderDocs } from "../src/manifest/index.js";
import { demoPlatform } from "./fixtures/demo-platform.js";

describe("manifest and docs", () => {
  const manifest = buildManifest(demoPlatform);

  it("describes settings and tools without any credentials from the environment", () => {
    process.env.DEMO_TOKEN = "sk_from_the_builders_shell";
    const again = buildManifest(demoPlatform);
    delete process.env.DEMO_TOKEN;
    expect(JSON.stringify(again)).not.toContain("sk_from_the_builders_shell");
    expect(manifest.settings).toEqual([
      { key: "token", env: "DEMO_TOKEN", description: "API token", secret: true, required: true },
      { key: "region", env: "DEMO_REGION", description: "Region", secret: false, required: false },
    ]);
    expect(manifest.tools.map((t) => [t.name, t.confirmation, t.idempotent])).toEqual([
      ["demo_item_get", false, false],
      ["demo_item_create", false, true],
      ["demo_item_delete", true, false],
      ["demo_job_wait", false, false],
    ]);
    expect(manifest.tools[0]!.inputSchema).toMatchObject({
      properties: { id: { type: "string" } },
    });
  });

  it("renders a docs page with the install line, variables and every tool", () => {
    const page = renderDocs(manifest);
    expect(page).toContain("claude mcp add demo -e DEMO_TOKEN=... -- npx -y @agent-mesh/mcp-demo");
    expect(page).toContain(
      "| `DEMO_TOKEN` | yes | API token (secret: never shown in output or logs) |",
    );
    for (const tool of manifest.tools) expect(page).toContain(`### ${tool.name}`);
    expect(page).toContain("| `id` | string | yes | Item id |");
    expect(page).toContain("Needs confirmation");
  });
});
