import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, callTool, eventually, fixtureYaml } from "./helpers.js";

/** The built CLI, run as `npx @agent-mesh/gateway` would run it. */
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, AGENT_MESH_HOME: home, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Where gateways started here record themselves, apart from every other test's. */
let home = "";

describe("the agent-mesh bin", () => {
  let dir: string;
  let config: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-bin-"));
    config = join(dir, "mesh.yaml");
    home = dir;
    await writeFile(config, `servers:\n${fixtureYaml("fx", ["--grandchild"])}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prints help and version, and refuses unknown commands with a hint", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("agent-mesh start --sandbox");
    expect((await run(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const typo = await run(["strat"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'agent-mesh: unknown command "strat"\n  hint: did you mean `agent-mesh start`?\n',
    );
    const flag = await run(["start", "--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--bogus");
  });

  it("serves stdio and leaves no process behind when its stdin closes", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "start", "--stdio", "--config", config],
      env: { ...(process.env as Record<string, string>), AGENT_MESH_HOME: home },
      stderr: "pipe",
    });
    const client = new Client({ name: "bin-test", version: "1" });
    await client.connect(transport);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["vercel_project_list", "wait"]));
    const pids = (await callTool(client, "pid")).structuredContent as {
      pid: number;
      grandchild: number;
    };
    const gateway = transport.pid!;
    await client.close();
    await eventually(
      () => !alive(gateway) && !alive(pids.pid) && !alive(pids.grandchild),
      45_000,
      "every process to end",
    );
  });

  it("serves HTTP, prints the claude command, and stops everything on SIGTERM", async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [BIN, "start", "--port", "0", "--config", config],
      { env: { ...process.env, AGENT_MESH_HOME: home } },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    const url = await eventually(
      () => /listening on (\S+\/mcp)/.exec(stderr)?.[1],
      45_000,
      "the listening line",
    );
    await eventually(() => stderr.includes("tools ready"), 45_000, "the ready line");
    expect(stderr).toContain(`claude mcp add --transport http mesh ${url}`);
    const client = new Client({ name: "bin-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const pids = (await callTool(client, "pid")).structuredContent as {
      pid: number;
      grandchild: number;
    };
    await client.close();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await eventually(
      () => !alive(pids.pid) && !alive(pids.grandchild),
      45_000,
      "the server and its child to end",
    );
  });

  it("calls a tool from the CLI through the mesh's pipeline, in one in-process hop", async () => {
    const result = await run(["call", "vercel_project_list", "--sandbox"], {
      AGENT_MESH_LOG_LEVEL: "debug",
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).projects.length).toBeGreaterThan(0);
    // The pipeline logs one line per call, naming the caller: the CLI's call passed its stages.
    const line = result.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === "call vercel_project_list");
    expect(line).toMatchObject({ level: "info", caller: "cli", outcome: "ok" });
    expect(line).not.toHaveProperty("arguments");
  });
});
