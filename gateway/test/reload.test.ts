import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, type Logger } from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningMesh, startMesh } from "../src/start-mesh.js";
import { alive, callTool, eventually, fixtureYaml, TEST_CALLER } from "./helpers.js";

describe("editing mesh.yaml while the gateway runs", () => {
  let dir: string;
  let running: RunningMesh | undefined;
  const errors: string[] = [];
  const logger: Logger = {
    ...createLogger({ name: "test", level: "error" }),
    error: (message: string) => void errors.push(message),
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mesh-reload-"));
    errors.length = 0;
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it("adds, changes and removes servers without a restart or a dropped session", async () => {
    const file = join(dir, "mesh.yaml");
    const base = "integrations:\n  vercel:\n    enabled: false\nservers:\n";
    await writeFile(file, `${base}${fixtureYaml("a")}`);
    running = await startMesh({ configPath: file, watch: true, env: process.env, logger });
    await running.mesh.settled(10_000);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "test", version: "1" });
    await running.mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);
    const names = async () => (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(await names()).toContain("wait");
    const a = (await callTool(client, "pid")).structuredContent as { pid: number };

    // Add a second server: the shared names collide and get prefixed.
    await writeFile(file, `${base}${fixtureYaml("a")}${fixtureYaml("b")}`);
    await eventually(async () => (await names()).includes("b_wait"), 45_000, "b's tools");
    expect(await names()).toContain("a_wait");
    expect(changes).toBeGreaterThan(0);
    const stillA = (await callTool(client, "a_pid")).structuredContent as { pid: number };
    expect(stillA.pid).toBe(a.pid); // unchanged servers keep running

    // An invalid edit is reported and changes nothing.
    await writeFile(file, `${base}${fixtureYaml("a")}${fixtureYaml("b")}  c:\n    comand: oops\n`);
    await eventually(() => errors.length > 0, 45_000, "the error report");
    expect(errors[0]).toContain("servers.c.comand: unknown key; did you mean `command`?");
    expect(errors[0]).toContain("still running the last good config");
    expect(await names()).toContain("b_wait");

    // Remove a: its process ends, its tools go, b's names lose their prefix.
    await writeFile(file, `${base}${fixtureYaml("b")}`);
    await eventually(
      async () => (await names()).includes("wait") && !(await names()).includes("a_wait"),
      45_000,
      "a to go",
    );
    await eventually(() => !alive(a.pid), 45_000, "a's process to end");
    const b = await callTool(client, "pid");
    expect(b.isError).toBeFalsy();
    await client.close();
  });

  it("restarts a server whose settings changed", async () => {
    const file = join(dir, "mesh.yaml");
    await writeFile(file, `servers:\n${fixtureYaml("a")}`);
    running = await startMesh({ configPath: file, watch: true, env: process.env, logger });
    await running.mesh.settled(10_000);
    const before = running.mesh.get("a")!;
    await writeFile(file, `servers:\n${fixtureYaml("a", [], "    env:\n      MODE: other\n")}`);
    await eventually(
      () => running!.mesh.get("a") !== before && running!.mesh.get("a")?.state === "ready",
      45_000,
      "the restart",
    );
    expect(before.state).toBe("stopped");
  });
});
