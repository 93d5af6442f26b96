import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callTool,
  EVERYTHING,
  eventually,
  fixtureYaml,
  startTestMesh,
  type TestMesh,
} from "./helpers.js";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("a Streamable HTTP downstream, and list changes from a downstream", () => {
  let everything: ChildProcess;
  let t: TestMesh;
  beforeAll(async () => {
    const port = await freePort();
    everything = spawn(process.execPath, [EVERYTHING, "streamableHttp"], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    everything.stderr!.on("data", (chunk) => {
      log += chunk;
    });
    await eventually(
      () => log.includes("listening on port"),
      45_000,
      "server-everything over HTTP",
    );
    t = await startTestMesh(
      `servers:\n  remote:\n    url: http://127.0.0.1:${port}/mcp\n    prefix: true\n${fixtureYaml("fx")}`,
    );
  });
  afterAll(async () => {
    await t.close();
    everything.kill("SIGTERM");
  });

  it("lists and calls an HTTP server's tools", async () => {
    const names = (await t.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["remote_echo", "remote_get-sum", "wait"]));
    const result = await callTool(t.client, "remote_get-sum", { a: 20, b: 22 });
    expect(JSON.stringify(result.content)).toContain("42");
    expect(t.mesh.health().downstreams.remote).toMatchObject({ kind: "http", state: "ready" });
  });

  it("tells clients when a downstream's tool list changes", async () => {
    let changed = 0;
    t.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    await callTool(t.client, "add_tool", { name: "brand_new" });
    await eventually(() => changed > 0, 45_000, "tools/list_changed");
    const names = (await t.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("brand_new");
    expect((await callTool(t.client, "brand_new")).structuredContent).toEqual({
      added: "brand_new",
    });
  });
});
