import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";

const cli = runCli;

describe("agent-mesh tools, call, doctor and claude", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-cli-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("lists the mesh's tools as a table and as JSON", async () => {
    const table = await cli(["tools", "--sandbox"], { cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TOOL\s+SOURCE\s+DESCRIPTION$/m);
    expect(table.stdout).toMatch(/^vercel_deployment_create\s+vercel\s+Starts a deployment/m);
    const json = await cli(["tools", "--json", "--sandbox"], { cwd: dir });
    const tools = JSON.parse(json.stdout) as Array<{
      name: string;
      server: string;
      inputSchema: object;
    }>;
    expect(tools.find((tool) => tool.name === "vercel_env_set")).toMatchObject({
      server: "vercel",
      inputSchema: { type: "object" },
    });
  });

  it("calls a tool with key=value arguments and prints its structured result", async () => {
    const result = await cli(
      ["call", "vercel_deployment_create", "project=web", "ref=main", "--sandbox"],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ project: "web", state: "QUEUED" });
  });

  it("reports a tool's failure as one line with its code, and exits 1", async () => {
    const result = await cli(
      ["call", "vercel_deployment_get", "--args", '{"deployment_id":"dpl_nope"}', "--sandbox"],
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^agent-mesh: not_found: /);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("describes one tool: arguments, types, required ones and a sample call", async () => {
    const result = await cli(["tools", "vercel_deployment_create", "--sandbox"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^vercel_deployment_create {2}\(vercel\)$/m);
    expect(result.stdout).toMatch(/^ {2}project +string, required$/m);
    expect(result.stdout).toMatch(/^ {2}target +one of "production", "preview"$/m);
    expect(result.stdout).toContain(
      "agent-mesh call vercel_deployment_create project=<project> ref=<ref>",
    );
    const typo = await cli(["tools", "vercel_deploymnet_create", "--sandbox"], { cwd: dir });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("did you mean vercel_deployment_create?");
  });

  it("wraps descriptions in the table, never cutting them, and shows them whole with --wide", async () => {
    const table = await cli(["tools", "--sandbox"], { cwd: dir });
    // A cut description would end its line with an ellipsis; descriptions may quote "pi_..." inside.
    expect(table.stdout).not.toMatch(/(\.\.\.|…)$/m);
    const wide = await cli(["tools", "--wide", "--sandbox"], { cwd: dir });
    expect(wide.stdout).toMatch(
      /^vercel_deployment_create\s+vercel\s+Starts a deployment .*poll vercel_deployment_get for READY or ERROR\.$/m,
    );
  });

  it("explains bad arguments and unknown tools before doing anything", async () => {
    const badJson = await cli(["call", "vercel_project_list", "--args", "{nope"], { cwd: dir });
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--args is not valid JSON");
    const badPair = await cli(["call", "vercel_project_list", "limit"], { cwd: dir });
    expect(badPair.stderr).toContain('"limit" is not key=value');
    const unknown = await cli(["call", "vercel_projects_list", "--sandbox"], { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("hint: did you mean vercel_project_list?");
  });

  it("doctor names the variable to set for an unconfigured platform, and never prints a secret", async () => {
    const missing = await cli(["doctor"], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("no mesh.yaml");
    expect(missing.stdout).toMatch(/✗ vercel: not configured: VERCEL_TOKEN is not set/);

    const secret = "a-secret-token-that-vercel-rejects";
    const config = join(dir, "doctor.yaml");
    await writeFile(
      config,
      "integrations:\n  vercel:\n    token: ${MY_TOKEN}\n    base_url: ${SANDBOX_URL}\n",
    );
    const sandbox = await (await import("@agent-mesh/sandbox")).startSandbox();
    try {
      const rejected = await cli(["doctor", "--config", config], {
        cwd: dir,
        env: { MY_TOKEN: secret, SANDBOX_URL: sandbox.urls.vercel },
      });
      expect(rejected.code).toBe(1);
      expect(rejected.stdout).toContain("✓ config:");
      expect(rejected.stdout).toMatch(
        /✗ vercel: authentication_error: .*\n\s+fix: the credentials for vercel were rejected/,
      );
      expect(rejected.stdout + rejected.stderr).not.toContain(secret);
    } finally {
      await sandbox.close();
    }
    const good = await cli(["doctor", "--sandbox"], { cwd: dir });
    expect(good.stdout).toContain(
      "✓ vercel: credentials accepted (checked with vercel_project_list)",
    );
    expect(good.code).toBe(0);
  });

  it("doctor lists every config problem with its line", async () => {
    const config = join(dir, "broken.yaml");
    await writeFile(
      config,
      "servers:\n  a:\n    command: x\n    timeout: soon\n  b:\n    url: ftp://x\n",
    );
    const result = await cli(["doctor", "--config", config], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${config}:4:14: servers.a.timeout: "soon" is not a duration`);
    expect(result.stdout).toContain(`${config}:6:10: servers.b.url:`);
  });

  it("claude prints the add command and --write merges it into .mcp.json", async () => {
    await writeFile(
      join(dir, ".mcp.json"),
      JSON.stringify({ mcpServers: { other: { type: "stdio", command: "x" } } }),
    );
    const http = await cli(["claude", "--write"], { cwd: dir });
    expect(http.stdout).toBe("claude mcp add --transport http mesh http://127.0.0.1:7420/mcp\n");
    const written = JSON.parse(await readFile(join(dir, ".mcp.json"), "utf8"));
    expect(written.mcpServers).toEqual({
      other: { type: "stdio", command: "x" },
      mesh: { type: "http", url: "http://127.0.0.1:7420/mcp" },
    });
    // In a clone (not installed from npm) Claude Code runs this checkout's built gateway.
    const stdio = await cli(["claude", "--stdio", "--sandbox", "--name", "dev"], { cwd: dir });
    const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
    expect(stdio.stdout).toBe(`claude mcp add dev -- node ${bin} start --stdio --sandbox\n`);
    await writeFile(join(dir, ".mcp.json"), "{ not json");
    const broken = await cli(["claude", "--write"], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("is not valid JSON");
    expect(await readFile(join(dir, ".mcp.json"), "utf8")).toBe("{ not json");
  });
});
