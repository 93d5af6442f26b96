import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatePlatform } from "../src/index.js";
import { copyWorkspace, sh, WORKSPACE } from "./workspace-copy.js";

// Generates a platform into a fresh copy of the workspace exactly as a developer would (the built
// bin that `pnpm new-platform acme --title "Acme Cloud"` runs, from the workspace's root), then
// checks the result builds, type-checks and passes its own tests. Installs come from pnpm's
// store (offline), so this needs no network after the workspace's own install.
let root: string;
let printed: string;
beforeAll(() => {
  root = copyWorkspace();
  expect(sh("git", ["init", "-q"], root).status).toBe(0);
  const install = sh("pnpm", ["install", "--offline", "--frozen-lockfile"], root);
  expect(install.status, install.output).toBe(0);
  const bin = join(WORKSPACE, "templates/generator/dist/bin.js");
  const generate = sh(process.execPath, [bin, "acme", "--title", "Acme Cloud"], root);
  expect(generate.status, generate.output).toBe(0);
  printed = generate.output;
});

describe("pnpm new-platform acme", () => {
  it("creates the package, stand-in, infra module and docs page, wired into the sandbox", () => {
    for (const path of [
      "packages/mcp-acme/src/platform.ts",
      "packages/mcp-acme/src/tools/item-list.ts",
      "packages/mcp-acme/dist/bin.js",
      "packages/mcp-acme/bin/mcp-acme.js",
      "packages/mcp-acme/tools.json",
      "packages/sandbox/src/acme/index.ts",
      "infra/modules/acme_integration/main.tf",
      "infra/modules/acme_integration/examples/basic/main.tf",
      "infra/modules/acme_integration/examples/advanced/main.tf",
      "infra/modules/acme_integration/mcp-tools/tools.json",
      "docs/platforms/acme.md",
    ]) {
      expect(existsSync(join(root, path)), path).toBe(true);
    }
    expect(printed).toMatch(/Created @agent-mesh\/mcp-acme \(\d+ files\)/);
    expect(readFileSync(join(root, "packages/sandbox/src/platforms.ts"), "utf8")).toMatch(
      /import \{ acme \} from "\.\/acme\/index\.js";[\s\S]*\n {2}acme,\n/,
    );
    expect(readFileSync(join(root, "gateway/src/platforms.ts"), "utf8")).toMatch(
      /\n {2}\{ name: "acme", load: async \(\) => \(await import\("@agent-mesh\/mcp-acme"\)\)\.platform \},\n/,
    );
    const gateway = JSON.parse(readFileSync(join(root, "gateway/package.json"), "utf8"));
    expect(gateway.devDependencies["@agent-mesh/mcp-acme"]).toBe("workspace:*");
    expect(gateway.peerDependencies["@agent-mesh/mcp-acme"]).toBe("workspace:^");
    expect(gateway.peerDependenciesMeta["@agent-mesh/mcp-acme"]).toEqual({ optional: true });
    expect(gateway.dependencies["@agent-mesh/mcp-acme"]).toBeUndefined();
    expect(readFileSync(join(root, "docs/platforms/acme.md"), "utf8")).toContain("# Acme Cloud");
    const manifest = JSON.parse(readFileSync(join(root, "packages/mcp-acme/tools.json"), "utf8"));
    expect(manifest.tools.map((t: { name: string }) => t.name)).toEqual([
      "acme_item_list",
      "acme_item_create",
    ]);
  });

  it("type-checks, lints clean and passes its own tests", () => {
    const typecheck = sh("pnpm", ["--filter", "@agent-mesh/mcp-acme", "typecheck"], root);
    expect(typecheck.status, typecheck.output).toBe(0);
    const lint = sh(
      "pnpm",
      ["exec", "biome", "check", "packages/mcp-acme", "packages/sandbox/src"],
      root,
    );
    expect(lint.status, lint.output).toBe(0);
    const tests = sh("pnpm", ["exec", "vitest", "run", "--project", "mcp-acme"], root);
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+7 passed/);
  });

  it("is mounted by the gateway, which lists its tools against the sandbox", () => {
    const typecheck = sh("pnpm", ["--filter", "@agent-mesh/gateway", "typecheck"], root);
    expect(typecheck.status, typecheck.output).toBe(0);
    const build = sh(
      "pnpm",
      ["exec", "turbo", "run", "build", "--filter=@agent-mesh/gateway"],
      root,
    );
    expect(build.status, build.output).toBe(0);
    const tools = sh("node", ["gateway/dist/bin.js", "tools", "--json", "--sandbox"], root);
    expect(tools.status, tools.output).toBe(0);
    const listed = JSON.parse(tools.output.slice(tools.output.indexOf("["))) as Array<{
      name: string;
      server: string;
    }>;
    expect(listed).toContainEqual(
      expect.objectContaining({ name: "acme_item_list", server: "acme" }),
    );
  });

  it("refuses to generate the same platform twice", () => {
    expect(() =>
      generatePlatform({
        name: "acme",
        root,
        templateDir: join(root, "templates/platform"),
        install: false,
      }),
    ).toThrow('platform "acme" already exists');
  });
});
