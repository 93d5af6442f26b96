import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });

describe("mcp-vercel command line", () => {
  it("--help lists usage, every variable and every tool", () => {
    const { status, stdout } = run("--help");
    expect(status).toBe(0);
    expect(stdout).toContain("mcp-vercel --http <port>");
    for (const text of [
      "VERCEL_TOKEN",
      "VERCEL_TEAM_ID",
      "VERCEL_API_URL",
      "vercel_deployment_cancel",
    ])
      expect(stdout).toContain(text);
  });

  it("--version prints the version", () => {
    expect(run("--version").stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("explains a bad flag and exits 2", () => {
    const { status, stderr } = run("--http", "eighty");
    expect(status).toBe(2);
    expect(stderr).toContain('--http takes a port number from 0 to 65535, not "eighty"');
    expect(run("--verbose").stderr).toContain("Run with --help for usage.");
  });

  it("serves HTTP on loopback and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [bin, "--http", "0"], {
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const url = await new Promise<string>((resolve) => {
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
    });
    const health = await fetch(url.replace(/\/mcp$/, "/health"));
    expect(await health.json()).toMatchObject({
      status: "ok",
      platform: "vercel",
      configured: false,
    });
    expect(stderr).toContain(`claude mcp add --transport http vercel ${url}`);
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(stderr).toContain("shutting down (SIGTERM)");
  });
});
