import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";

const GATEWAY = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const read = async (file: string) => JSON.parse(await readFile(file, "utf8"));

describe("agent-mesh connect <client>", () => {
  let project: string;
  let home: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    project = await mkdtemp(join(tmpdir(), "mesh-connect-project-"));
    home = await mkdtemp(join(tmpdir(), "mesh-connect-home-"));
    // A home of its own: the user's files are never touched, and no running gateway is found.
    env = {
      HOME: home,
      APPDATA: "",
      XDG_CONFIG_HOME: "",
      AGENT_MESH_HOME: join(home, ".agent-mesh"),
    };
  });
  afterEach(async () => {
    await rm(project, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it("writes each client's documented file and shape, over HTTP", async () => {
    const run = (client: string, ...args: string[]) =>
      runCli(["connect", client, ...args], { cwd: project, env });
    const url = "http://127.0.0.1:7420/mcp";

    expect((await run("claude-code")).code).toBe(0);
    expect(await read(join(project, ".mcp.json"))).toEqual({
      mcpServers: { mesh: { type: "http", url } },
    });

    expect((await run("cursor")).code).toBe(0);
    expect(await read(join(project, ".cursor", "mcp.json"))).toEqual({
      mcpServers: { mesh: { url } },
    });
    expect((await run("cursor", "--global")).code).toBe(0);
    expect(await read(join(home, ".cursor", "mcp.json"))).toEqual({
      mcpServers: { mesh: { url } },
    });

    expect((await run("vscode")).code).toBe(0);
    expect(await read(join(project, ".vscode", "mcp.json"))).toEqual({
      servers: { mesh: { type: "http", url } },
    });

    const windsurf = await run("windsurf", "--port", "7555");
    expect(windsurf.stderr).toContain("(Windsurf)");
    expect(await read(join(home, ".codeium", "windsurf", "mcp_config.json"))).toEqual({
      mcpServers: { mesh: { serverUrl: "http://127.0.0.1:7555/mcp" } },
    });

    // Claude Desktop's file starts local servers only: it says what to do instead.
    const desktop = await run("claude-desktop");
    expect(desktop.code).toBe(2);
    expect(desktop.stderr).toContain("starts local (stdio) servers only");
    expect(desktop.stderr).toContain("agent-mesh connect claude-desktop --stdio");
  });

  it("refers to the token as each client expands variables, never writing one", async () => {
    const config = join(project, "mesh.yaml");
    await writeFile(config, "gateway:\n  port: 7600\n  tokens:\n    - ${MESH_TOKEN}\n");
    const run = (client: string) =>
      runCli(["connect", client, "--config", config], {
        cwd: project,
        env: { ...env, MESH_TOKEN: "a-token-of-forty-characters-at-least-000" },
      });
    await run("claude-code");
    expect((await read(join(project, ".mcp.json"))).mcpServers.mesh.headers).toEqual({
      Authorization: "Bearer ${AGENT_MESH_TOKEN}",
    });
    const cursor = await run("cursor");
    expect(cursor.stderr).toContain("export AGENT_MESH_TOKEN");
    expect((await read(join(project, ".cursor", "mcp.json"))).mcpServers.mesh).toEqual({
      url: "http://127.0.0.1:7600/mcp",
      headers: { Authorization: "Bearer ${env:AGENT_MESH_TOKEN}" },
    });
    await run("vscode");
    const vscode = await read(join(project, ".vscode", "mcp.json"));
    expect(vscode.servers.mesh.headers).toEqual({
      Authorization: "Bearer ${input:agent-mesh-token}",
    });
    expect(vscode.inputs).toEqual([
      expect.objectContaining({ type: "promptString", id: "agent-mesh-token", password: true }),
    ]);
    await run("windsurf");
    expect(
      (await read(join(home, ".codeium", "windsurf", "mcp_config.json"))).mcpServers.mesh.headers,
    ).toEqual({ Authorization: "Bearer ${env:AGENT_MESH_TOKEN}" });
    for (const file of [".mcp.json", ".cursor/mcp.json", ".vscode/mcp.json"]) {
      expect(await readFile(join(project, file), "utf8")).not.toContain("forty-characters");
    }
  });

  it("--stdio starts the gateway from this clone, and Claude Desktop's file goes where its OS keeps it", async () => {
    const appdata = join(home, "AppData", "Roaming");
    const result = await runCli(["connect", "claude-desktop", "--stdio", "--sandbox"], {
      cwd: project,
      env: { ...env, APPDATA: appdata },
    });
    expect(result.code).toBe(0);
    expect(await read(join(appdata, "Claude", "claude_desktop_config.json"))).toEqual({
      mcpServers: {
        mesh: {
          command: "node",
          args: [join(GATEWAY, "dist", "bin.js"), "start", "--stdio", "--sandbox"],
        },
      },
    });
    const linux = await runCli(["connect", "claude-desktop", "--stdio", "--print"], {
      cwd: project,
      env: { ...env, XDG_CONFIG_HOME: join(home, "cfg") },
    });
    if (process.platform === "linux")
      expect(linux.stderr).toContain(join(home, "cfg", "Claude", "claude_desktop_config.json"));
    const vscode = await runCli(["connect", "vscode", "--stdio"], { cwd: project, env });
    expect((await read(join(project, ".vscode", "mcp.json"))).servers.mesh).toEqual({
      type: "stdio",
      command: "node",
      args: [join(GATEWAY, "dist", "bin.js"), "start", "--stdio"],
    });
    expect(vscode.code).toBe(0);
  });

  it("keeps other servers, and never replaces a different entry of the same name silently", async () => {
    const file = join(project, ".cursor", "mcp.json");
    await mkdir(dirname(file), { recursive: true });
    const original = {
      mcpServers: { other: { command: "x" }, mesh: { url: "http://elsewhere/mcp" } },
      theme: 1,
    };
    await writeFile(file, JSON.stringify(original));

    // No terminal: refused, with the way forward.
    const refused = await runCli(["connect", "cursor"], { cwd: project, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already has a different server named "mesh"');
    expect(refused.stderr).toContain("--force");
    expect(await read(file)).toEqual(original);

    // A terminal: it shows both entries and asks; "n" (or Enter) leaves the file alone.
    const declined = await runCli(["connect", "cursor"], { cwd: project, env, answers: [""] });
    expect(declined.code).toBe(1);
    expect(declined.asked[0]).toContain("http://elsewhere/mcp");
    expect(declined.asked[0]).toContain("http://127.0.0.1:7420/mcp");
    expect(declined.asked[0]).toMatch(/Replace\? \[y\/N\] $/);
    expect(await read(file)).toEqual(original);

    const accepted = await runCli(["connect", "cursor"], { cwd: project, env, answers: ["y"] });
    expect(accepted.code).toBe(0);
    expect(await read(file)).toEqual({
      ...original,
      mcpServers: { other: { command: "x" }, mesh: { url: "http://127.0.0.1:7420/mcp" } },
    });

    // The same entry again: nothing to ask.
    const again = await runCli(["connect", "cursor"], { cwd: project, env });
    expect(again.code).toBe(0);

    const forced = await runCli(["connect", "cursor", "--port", "7999", "--force"], {
      cwd: project,
      env,
    });
    expect(forced.code).toBe(0);
    expect((await read(file)).mcpServers.mesh).toEqual({ url: "http://127.0.0.1:7999/mcp" });
  });

  it("--print shows the merged file and writes nothing; --file writes elsewhere", async () => {
    const printed = await runCli(["connect", "vscode", "--print"], { cwd: project, env });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual({
      servers: { mesh: { type: "http", url: "http://127.0.0.1:7420/mcp" } },
    });
    expect(existsSync(join(project, ".vscode"))).toBe(false);

    const elsewhere = await runCli(
      ["connect", "windsurf", "--file", "custom.json", "--name", "dev"],
      {
        cwd: project,
        env,
      },
    );
    expect(elsewhere.code).toBe(0);
    expect(await read(join(project, "custom.json"))).toEqual({
      mcpServers: { dev: { serverUrl: "http://127.0.0.1:7420/mcp" } },
    });
  });

  it("explains a bad client, flag or file", async () => {
    const typo = await runCli(["connect", "cursr"], { cwd: project, env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("did you mean `agent-mesh connect cursor`?");
    const none = await runCli(["connect"], { cwd: project, env });
    expect(none.stderr).toContain("claude-code|claude-desktop|cursor|vscode|windsurf");
    const global = await runCli(["connect", "vscode", "--global"], { cwd: project, env });
    expect(global.stderr).toContain("--global applies to cursor only");
    await writeFile(join(project, ".mcp.json"), "[1]");
    const notObject = await runCli(["connect", "claude-code"], { cwd: project, env });
    expect(notObject.code).toBe(1);
    expect(notObject.stderr).toContain("is not a JSON object; not touching it");
    expect(await readFile(join(project, ".mcp.json"), "utf8")).toBe("[1]");
  });

  it("`agent-mesh claude --write` uses the same writer: it asks or needs --force too", async () => {
    await writeFile(
      join(project, ".mcp.json"),
      JSON.stringify({ mcpServers: { mesh: { command: "old" } } }),
    );
    const refused = await runCli(["claude", "--write"], { cwd: project, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    const forced = await runCli(["claude", "--write", "--force"], { cwd: project, env });
    expect(forced.code).toBe(0);
    expect((await read(join(project, ".mcp.json"))).mcpServers.mesh).toEqual({
      type: "http",
      url: "http://127.0.0.1:7420/mcp",
    });
  });
});
