import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_22, output, type RunningGateway, startGateway } from "./gateway.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const SUITE = join(
  HERE,
  "..",
  "node_modules",
  "@modelcontextprotocol",
  "conformance",
  "dist",
  "index.js",
);
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

describe("the MCP conformance suite against the gateway's HTTP endpoint", () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("passes every server scenario through the gateway, with no unexpected failure", async () => {
    const suite = spawn(
      NODE_22,
      [
        SUITE,
        "server",
        "--url",
        gateway.url,
        "--suite",
        "all",
        "--expected-failures",
        BASELINE,
        "-o",
        join(gateway.dir, "results"),
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
