import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GenerateError, generatePlatform, main } from "../src/index.js";
import { copyWorkspace, snapshot, TEMPLATE } from "./workspace-copy.js";

let root: string;
beforeAll(() => {
  root = copyWorkspace();
});
afterEach(() => vi.restoreAllMocks());

function runCli(args: string[]) {
  const stderr: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const code = main(args, root);
  vi.restoreAllMocks();
  return { code, stderr: stderr.join("") };
}

describe("new-platform refuses bad input and changes nothing", () => {
  it.each([
    [["Bad_Name"], 'platform name "Bad_Name" must be lower case', 1],
    [["acme-corp"], 'try "acmecorp"', 1],
    [["core"], '"core" is reserved', 1],
    [["vercel"], 'platform "vercel" already exists (packages/mcp-vercel', 1],
    [[], "give the platform's name", 1],
    [["one", "two"], "one name at a time", 2],
    [["acme", "--colour"], "Unknown option '--colour'", 2],
  ])("%j", (args, message, code) => {
    const before = snapshot(root);
    const result = runCli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(snapshot(root)).toEqual(before);
  });

  it("rolls back every file it wrote when wiring fails part-way", () => {
    const registry = join(root, "packages/sandbox/src/platforms.ts");
    const original = snapshot(root);
    writeFileSync(
      registry,
      'import type { StandIn } from "./stand-in.js";\nexport const standIns: StandIn[] = [];\n',
    );
    const broken = snapshot(root);
    expect(() =>
      generatePlatform({ name: "acme", root, templateDir: TEMPLATE, install: false }),
    ).toThrow('has lost its "agent-mesh:stand-in-imports" marker line');
    expect(snapshot(root)).toEqual(broken);
    writeFileSync(registry, original.get("packages/sandbox/src/platforms.ts")!);
  });

  it("rolls back every file, the lockfile included, when the build fails after the install", () => {
    const fresh = copyWorkspace();
    const template = join(mkdtempSync(join(tmpdir(), "agent-mesh-tpl-")), "platform");
    cpSync(TEMPLATE, template, { recursive: true });
    writeFileSync(
      join(template, "packages/mcp-__NAME__/src/broken.ts"),
      'export const broken: number = "not a number";\n',
    );
    const before = snapshot(fresh);
    expect(() => generatePlatform({ name: "acme", root: fresh, templateDir: template })).toThrow(
      /turbo run build .* failed/,
    );
    expect(snapshot(fresh)).toEqual(before);
  });

  it("reports its own errors as GenerateError", () => {
    expect(() =>
      generatePlatform({ name: "Nope", root, templateDir: TEMPLATE, install: false }),
    ).toThrow(GenerateError);
  });
});
