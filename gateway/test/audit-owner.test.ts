import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDirectory } from "../src/audit/database.js";
import { runCli } from "./cli-io.js";

/** The embedded database belongs to one process: another one is told which, and what to do. */
describe("the embedded audit database's owner", () => {
  let home: string;
  let other: ChildProcess;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mesh-owner-"));
    other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  });
  afterAll(async () => {
    other.kill();
    await rm(home, { recursive: true, force: true });
  });

  it("refuses to open it while another live process holds it, and takes over from a dead one", async () => {
    const directory = dataDirectory({ AGENT_MESH_HOME: home });
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, "owner.pid"), String(other.pid));
    const busy = await runCli(["audit", "--local"], { env: { AGENT_MESH_HOME: home } });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`is in use by process ${other.pid}`);
    expect(busy.stderr).toMatch(/without --local|database:/);

    // A pid that is gone (the largest possible pid is never live here) is taken over.
    await writeFile(join(directory, "owner.pid"), "4194304");
    const free = await runCli(["audit", "--local"], { env: { AGENT_MESH_HOME: home } });
    expect(free.code, free.stderr).toBe(0);
    expect(free.stdout).toContain("no audit records match");
  });
});
