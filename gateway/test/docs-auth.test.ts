import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { claudeHttpCommand } from "../src/cli/commands/claude.js";
import { runCli } from "./cli-io.js";
import { config } from "./helpers.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const GUIDE = join(HERE, "..", "..", "docs", "auth.md");

/** The shell line in the block after `<!-- docs-command: name -->` in docs/auth.md. */
async function command(name: string): Promise<string> {
  const text = await readFile(GUIDE, "utf8");
  const at = text.indexOf(`<!-- docs-command: ${name} -->`);
  expect(at, `docs/auth.md has the command "${name}"`).toBeGreaterThan(-1);
  return /```sh\n([\s\S]*?)\n```/.exec(text.slice(at))![1]!.trim();
}

/** The words of a shell line (the docs use plain words and double-quoted strings only). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Every command docs/auth.md shows, run (agent-mesh) or checked against what the CLI prints (claude). */
describe("docs/auth.md", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-docs-auth-"));
    await writeFile(join(dir, "mesh.yaml"), "auth: {}\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = (line: string) => {
    const [bin, ...args] = words(line);
    expect(bin).toBe("agent-mesh");
    return runCli(args, { cwd: dir, env: { AGENT_MESH_HOME: dir } });
  };

  it("keys create, list and revoke work as shown", async () => {
    const created = await run(await command("keys-create"));
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.split("\n")[0]!;
    expect(key).toMatch(/^amk_[0-9a-f]{12}_/);
    const id = key.slice(4, 16);
    const listed = await run(await command("keys-list"));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ci\\s+deployer\\s+-\\s+active`));
    // The docs show an example id; revoke the key just made with the same command.
    const revokeLine = await command("keys-revoke");
    expect(revokeLine).toMatch(/^agent-mesh keys revoke [0-9a-f]{12}$/);
    const revoked = await run(revokeLine.replace(/[0-9a-f]{12}$/, id));
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await run(await command("keys-list"))).stdout).toMatch(
      new RegExp(`${id}\\s+ci\\s+deployer\\s+-\\s+revoked`),
    );
    // The example id itself names no key: a clear error, not a crash.
    const example = await run(revokeLine);
    expect(example.code).toBe(1);
    expect(example.stderr).toContain("no API key with id");
  }, 240_000);

  it("shows the claude commands agent-mesh itself prints", async () => {
    // Claude Code is not installed here: the lines are checked against the CLI's own output.
    const url = "https://mesh.example.com/mcp";
    expect(await command("claude-oauth")).toBe(claudeHttpCommand("mesh", url, false));
    expect(await command("claude-key")).toBe(claudeHttpCommand("mesh", url, true));
  });

  it("every mesh.yaml block is a valid configuration", async () => {
    const text = await readFile(GUIDE, "utf8");
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      expect(parseYaml(block)).toBeTypeOf("object");
      expect(() => config(block)).not.toThrow();
    }
  });
});
