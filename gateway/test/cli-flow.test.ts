import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.js";

/** The built CLI, as a user runs it. */
const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The documented flow, as a person types it: `agent-mesh start --sandbox` in one terminal, then
 * `agent-mesh call ...` in another, which finds the running gateway and acts on its sandbox.
 */
describe("the CLI against a running sandbox gateway", () => {
  let home: string;
  let gateway: ChildProcess;
  let url: string;

  const run = (args: string[]) =>
    new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr!.on("data", (chunk) => {
        stderr += chunk;
      });
      child.stdin!.end();
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });

  const create = async () => {
    const created = await run(["call", "vercel_deployment_create", "project=web", "ref=main"]);
    expect(created.code).toBe(0);
    return (JSON.parse(created.stdout) as { id: string }).id;
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mesh-cli-flow-"));
    gateway = spawn(process.execPath, [BIN, "start", "--sandbox", "--port", "0"], {
      env: { ...process.env, AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" },
    });
    let stderr = "";
    gateway.stderr!.on("data", (chunk) => {
      stderr += chunk;
    });
    url = await eventually(() => /listening on (\S+\/mcp)/.exec(stderr)?.[1], 60_000, "the URL");
    await eventually(() => stderr.includes("tools ready"), 60_000, "the ready line");
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => gateway.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
    await rm(home, { recursive: true, force: true });
  });

  it("creates a deployment in the running sandbox and polls it to READY", async () => {
    const id = await create();
    const state = await eventually(
      async () => {
        const got = await run(["call", "vercel_deployment_get", `deployment_id=${id}`]);
        expect(got.stderr).toContain(`using the running gateway at ${url}`);
        const { state } = JSON.parse(got.stdout) as { state: string };
        return state === "READY" || state === "ERROR" ? state : undefined;
      },
      90_000,
      "the deployment to finish building",
    );
    expect(state).toBe("READY");
  });

  it("prints third-party data without its untrusted notice with --raw", async () => {
    const id = await create();
    const wrapped = await run(["call", "vercel_deployment_events", `deployment_id=${id}`]);
    expect(wrapped.stdout).toContain("Untrusted third-party content");
    const raw = await run(["call", "vercel_deployment_events", `deployment_id=${id}`, "--raw"]);
    expect(raw.code).toBe(0);
    expect(raw.stdout).not.toContain("Untrusted third-party content");
    expect(Array.isArray((JSON.parse(raw.stdout) as { events: unknown }).events)).toBe(true);
  });

  it("asks for confirmation without a terminal, and takes the printed token once", async () => {
    const id = await create();
    const asked = await run(["call", "vercel_deployment_cancel", `deployment_id=${id}`]);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain("confirmation_required: Cancel Vercel deployment");
    const token = /confirm_token=(\S+)/.exec(asked.stderr)?.[1];
    expect(token).toBeDefined();
    const confirmed = await run([
      "call",
      "vercel_deployment_cancel",
      `deployment_id=${id}`,
      `confirm_token=${token}`,
    ]);
    // The cancel reached Vercel: canceled, or refused by Vercel because the build already finished.
    expect(confirmed.stderr).not.toContain("confirmation_required");
    expect(`${confirmed.stdout}${confirmed.stderr}`).toMatch(/CANCELED|cannot be canceled/);
    const again = await run([
      "call",
      "vercel_deployment_cancel",
      `deployment_id=${id}`,
      `confirm_token=${token}`,
    ]);
    expect(again.stderr).toContain("already used");
  });

  it("confirms with --yes, saying so", async () => {
    const id = await create();
    const result = await run(["call", "vercel_deployment_cancel", `deployment_id=${id}`, "--yes"]);
    expect(result.stderr).toContain("confirmed by --yes");
    expect(`${result.stdout}${result.stderr}`).toMatch(/CANCELED|cannot be canceled/);
  });

  it("asks y/N in a terminal and does nothing on no", async () => {
    const id = await create();
    const declined = await runScript(home, id, "n");
    expect(declined.output).toContain(`Cancel Vercel deployment ${id}`);
    expect(declined.output).toContain("the user declined");
    const accepted = await runScript(home, id, "y");
    expect(accepted.output).toMatch(/CANCELED|cannot be canceled/);
  });
});

/** Runs the cancel under `script`, a real terminal, answering its question with `reply`. */
function runScript(home: string, id: string, reply: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const command = `${process.execPath} ${BIN} call vercel_deployment_cancel deployment_id=${id}`;
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: { ...process.env, AGENT_MESH_HOME: home, AGENT_MESH_LOG_LEVEL: "error" },
    });
    let output = "";
    let answered = false;
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!answered && output.includes("[y/N]")) {
        answered = true;
        child.stdin.write(`${reply}\n`);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => resolve({ code, output }));
  });
}
