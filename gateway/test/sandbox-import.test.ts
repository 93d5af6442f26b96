import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("the gateway and the sandbox", () => {
  it("imports @agent-mesh/sandbox only dynamically, in sandbox mode", () => {
    const staticImports: string[] = [];
    const dynamicImports: string[] = [];
    for (const file of sources(src)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(
        /^import\s+(type\s+)?[^;]*?from\s+"@agent-mesh\/sandbox"/gm,
      )) {
        if (!match[1]) staticImports.push(file.slice(src.length));
      }
      if (text.includes('import("@agent-mesh/sandbox")'))
        dynamicImports.push(file.slice(src.length));
    }
    expect(staticImports).toEqual([]);
    expect(dynamicImports).toEqual(["start-mesh.ts"]);
    expect(readFileSync(join(src, "start-mesh.ts"), "utf8")).toMatch(
      /options\.sandbox\s*\?\s*await \(await import\("@agent-mesh\/sandbox"\)\)\.startSandbox\(\)/,
    );
  });
});
