import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli-io.js";
import { eventually } from "./helpers.js";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.end();
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * On Node 20 the AWS SDK prints a nine-line NodeVersionSupportWarning to stderr once per
 * process; a real process shows whether it reaches the output. (On Node 22 there is none.)
 */
describe("the AWS SDK's Node version warning", () => {
  it("stays out of an AWS call's output, and a user can still turn it back on", async () => {
    const home = await mkdtemp(join(tmpdir(), "mesh-aws-warning-"));
    try {
      const env = { AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" };
      const quiet = await run(["call", "aws_kv_list", "--sandbox", "--local"], env);
      expect(quiet.code).toBe(0);
      expect(JSON.parse(quiet.stdout)).toMatchObject({ keys: [] });
      expect(quiet.stderr).not.toContain("NodeVersionSupportWarning");
      if (Number(process.versions.node.split(".")[0]) < 22) {
        const loud = await run(["call", "aws_kv_list", "--sandbox", "--local"], {
          ...env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "false",
        });
        expect(loud.stderr).toContain("NodeVersionSupportWarning");
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("stays out of the gateway's log while it serves AWS calls", async () => {
    const home = await mkdtemp(join(tmpdir(), "mesh-aws-warning-gw-"));
    const gateway = spawn(process.execPath, [BIN, "start", "--sandbox", "--port", "0"], {
      env: { ...process.env, AGENT_MESH_HOME: home },
    });
    let log = "";
    gateway.stderr.on("data", (chunk) => {
      log += chunk;
    });
    try {
      const url = await eventually(
        () => /listening on (\S+\/mcp)/.exec(log)?.[1],
        60_000,
        "the URL",
      );
      await eventually(() => log.includes("tools ready"), 60_000, "the ready line");
      const call = await runCli(["call", "aws_kv_list"], { env: { AGENT_MESH_URL: url } });
      expect(call.code).toBe(0);
      await eventually(() => log.includes("call aws_kv_list"), 30_000, "the call's log line");
      expect(log).not.toContain("NodeVersionSupportWarning");
    } finally {
      const exited = new Promise((resolve) => gateway.once("exit", resolve));
      gateway.kill("SIGTERM");
      await exited;
      await rm(home, { recursive: true, force: true });
    }
  });
});
