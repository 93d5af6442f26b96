import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { standIns, startSandbox } from "../src/index.js";

describe("startSandbox", () => {
  it("starts each stand-in on its own loopback port with the env a server needs", async () => {
    const sandbox = await startSandbox({ platforms: ["vercel"] });
    try {
      expect(sandbox.urls.vercel).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.env).toEqual({
        VERCEL_TOKEN: "sandbox-vercel-token",
        VERCEL_TEAM_ID: "team_sandbox",
        VERCEL_API_URL: sandbox.urls.vercel,
        VERCEL_WEBHOOK_SECRET: "sandbox-vercel-webhook-secret-0000",
      });
      const response = await fetch(`${sandbox.urls.vercel}/v10/projects?teamId=team_sandbox`, {
        headers: { authorization: "Bearer sandbox-vercel-token" },
      });
      expect(response.status).toBe(200);
      expect(sandbox.recorder.to("vercel", "/v10/projects")).toEqual([
        expect.objectContaining({ method: "GET", query: { teamId: "team_sandbox" }, status: 200 }),
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("answers with the platform's error body for a missing token", async () => {
    const sandbox = await startSandbox({ platforms: ["vercel"] });
    try {
      const response = await fetch(`${sandbox.urls.vercel}/v10/projects`);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: {
          code: "forbidden",
          message: "The request is missing an authentication token",
          missingToken: true,
        },
      });
    } finally {
      await sandbox.close();
    }
  });

  it("names the known stand-ins when asked for an unknown one", async () => {
    await expect(startSandbox({ platforms: ["nope"] })).rejects.toThrow(
      `no sandbox stand-in for "nope"; known: ${standIns.map((s) => s.name).join(", ")}`,
    );
  });
});

describe("agent-mesh-sandbox", () => {
  it("runs a command with the sandbox's environment and exits with its code", async () => {
    const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    const child = spawn(
      process.execPath,
      [
        bin,
        "--platform",
        "vercel",
        "--",
        process.execPath,
        "-e",
        "console.log(process.env.VERCEL_API_URL); process.exit(3)",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(3);
    expect(out.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
