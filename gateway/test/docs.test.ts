import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, "..", "dist", "bin.js");
const GUIDE = join(HERE, "..", "..", "docs", "gateway.md");

/** The code block that follows `<!-- docs-sample: name -->` in docs/gateway.md. */
async function sample(name: string): Promise<string> {
  const text = await readFile(GUIDE, "utf8");
  const at = text.indexOf(`<!-- docs-sample: ${name}`);
  expect(at, `docs/gateway.md has the sample "${name}"`).toBeGreaterThan(-1);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(at));
  return block![1]!;
}

/** Ports differ from run to run: compare everything else. */
const normalize = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT").trim();

/** The samples in docs/gateway.md are what the commands really print. */
describe("docs/gateway.md", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-docs-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("shows what `agent-mesh start --sandbox` prints", async () => {
    const child = spawn(process.execPath, [BIN, "start", "--sandbox", "--port", "0"], {
      env: { ...process.env, AGENT_MESH_HOME: dir, AGENT_MESH_LOG_LEVEL: "error" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await eventually(() => stderr.includes("tools ready"), 60_000, "the ready line");
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
    const printed = stderr.slice(0, stderr.indexOf("tools ready") + "tools ready".length);
    expect(normalize(printed)).toBe(normalize(await sample("start --sandbox")));
  });

  it("shows what `agent-mesh start` says about a mesh.yaml with problems", async () => {
    await writeFile(join(dir, "mesh.yaml"), await sample("config-errors.yaml"));
    const { GITHUB_TOKEN: _unset, ...env } = process.env;
    const child = spawn(process.execPath, [BIN, "start", "--config", "mesh.yaml"], {
      cwd: dir,
      env: { ...env, AGENT_MESH_HOME: dir },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.once("close", resolve));
    expect(code).toBe(1);
    const printed = stderr.replaceAll(`${join(dir, "mesh.yaml")}`, "mesh.yaml");
    expect(printed.trim()).toBe((await sample("config-errors output")).trim());
  });
});
