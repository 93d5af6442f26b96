import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_22, output, type RunningGateway, startGateway } from "./gateway.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The official MCP Inspector (2.x needs Node 22), its launcher in CLI mode. */
const INSPECTOR = join(
  HERE,
  "..",
  "node_modules",
  "@modelcontextprotocol",
  "inspector",
  "clients",
  "launcher",
  "build",
  "index.js",
);

interface Run {
  code: number | null;
  /** What it printed on stdout: its JSON answer. */
  stdout: string;
  /** stdout and stderr together, for messages. */
  out: string;
}

/** One run of `mcp-inspector --cli <url> ...`, as a person would type it. */
function inspector(gateway: RunningGateway, args: string[]): Promise<Run> {
  const child = spawn(NODE_22, [INSPECTOR, "--cli", gateway.url, ...args], {
    // Its catalog and any state it writes stay in the test's folder.
    env: { ...process.env, HOME: gateway.dir, MCP_CATALOG_PATH: join(gateway.dir, "mcp.json") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = output(child);
  let stdout = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  return new Promise((resolve) => {
    child.once("close", (code) => resolve({ code, stdout, out: log.text() }));
  });
}

async function sessions(gateway: RunningGateway): Promise<number> {
  const health = await fetch(gateway.url.replace(/\/mcp$/, "/health"));
  return ((await health.json()) as { sessions: number }).sessions;
}

describe("the MCP Inspector's CLI against the gateway (issue 11)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  }, 120_000);
  afterAll(() => gateway?.stop());

  it("lists the mesh's tools", async () => {
    const run = await inspector(gateway, ["--method", "tools/list"]);
    expect(run.code, run.out).toBe(0);
    const listed = JSON.parse(run.stdout) as { tools: Array<{ name: string }> };
    const names = listed.tools.map((tool) => tool.name);
    expect(names).toContain("vercel_deployment_get");
    expect(names).toContain("test_simple_text");
  });

  it("calls a tool and shows its structured result", async () => {
    const run = await inspector(gateway, [
      "--method",
      "tools/call",
      "--tool-name",
      "vercel_project_list",
    ]);
    expect(run.code, run.out).toBe(0);
    const result = JSON.parse(run.stdout) as { isError?: boolean; structuredContent?: unknown };
    expect(result.isError).not.toBe(true);
    expect(result.structuredContent).toMatchObject({ projects: expect.any(Array) });
  });

  it("shows the real error of a failing tool, not a schema complaint", async () => {
    const run = await inspector(gateway, [
      "--method",
      "tools/call",
      "--tool-name",
      "vercel_deployment_get",
      "--tool-arg",
      "deployment_id=dpl_doesnotexist",
    ]);
    expect(run.out).not.toContain("does not match the tool's output schema");
    expect(run.out).toContain("not_found");
    expect(run.out).toContain("Deployment not found");
  });

  it("leaves no sessions behind after ten one-shot runs", async () => {
    const before = await sessions(gateway);
    for (let i = 0; i < 10; i++) {
      const run = await inspector(gateway, ["--method", "tools/list"]);
      expect(run.code, run.out).toBe(0);
    }
    // Either the Inspector ends its session (DELETE), or the gateway closes it once the
    // client's event stream has dropped (session_abandoned_timeout, 15 s by default).
    // (Sessions of the runs above may close meanwhile too: at most as many as before.)
    const deadline = Date.now() + 90_000;
    while ((await sessions(gateway)) > before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await sessions(gateway)).toBeLessThanOrEqual(before);
  }, 180_000);
});
