import { readEnvelope } from "@agent-mesh/core";
import { afterEach, describe, expect, it } from "vitest";
import { callTool, fixtureYaml, startTestMesh, type TestMesh } from "./helpers.js";

describe("the merged catalog", () => {
  let t: TestMesh | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("prefixes colliding tools and prompts of two servers and routes each to its own", async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("one")}${fixtureYaml("two")}`);
    const names = (await t.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(["one_wait", "two_wait", "one_pid", "two_pid", "vercel_project_list"]),
    );
    expect(names).not.toContain("wait");
    const one = (await callTool(t.client, "one_pid")).structuredContent as { pid: number };
    const two = (await callTool(t.client, "two_pid")).structuredContent as { pid: number };
    expect(one.pid).not.toBe(two.pid);
    const prompts = (await t.client.listPrompts()).prompts.map((p) => p.name);
    // `status` is the gateway's own (the mesh downstream), unprefixed: nothing else has it.
    expect(prompts.sort()).toEqual(["one_greet", "status", "two_greet"]);
    // Both serve fixture://item/1: each server's URIs get its name in front; mesh:// ones do not.
    const uris = (await t.client.listResources()).resources.map((r) => r.uri).sort();
    expect(uris).toEqual([
      "mesh://audit/recent",
      "mesh://status",
      "one+fixture://item/1",
      "two+fixture://item/1",
      // The MCP Apps views (apps/), for hosts that render UI.
      "ui://agent-mesh/approvals",
      "ui://agent-mesh/run",
      "ui://agent-mesh/status",
    ]);
    const read = await t.client.readResource({ uri: "two+fixture://item/7" });
    expect(read.contents[0]).toMatchObject({ uri: "two+fixture://item/7", text: "item 7" });
  });

  it("applies allow, deny, rename and prefix from the config", async () => {
    t = await startTestMesh(
      `servers:\n${fixtureYaml("fx", [], "    prefix: true\n    tools:\n      allow: [w*, echo, pid]\n      deny: [pid]\n      rename:\n        echo: say\n")}tools:\n  deny: [vercel_env_*]\n`,
    );
    const names = (await t.client.listTools()).tools.map((tool) => tool.name);
    expect(names.filter((name) => name.startsWith("fx_")).sort()).toEqual(["fx_say", "fx_wait"]);
    expect(names).not.toContain("vercel_env_set");
    expect(names).toContain("vercel_deployment_create");
    const said = await callTool(t.client, "fx_say", { message: "renamed" });
    expect(said.structuredContent).toMatchObject({ message: "renamed" });
    await expect(callTool(t.client, "fx_pid")).rejects.toMatchObject({ code: -32602 });
  });

  it("offers three meta-tools in search mode that find, describe and call every tool", async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fx")}tools:\n  search: on\n`);
    const { tools } = await t.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "mesh_tool_search",
      "mesh_tool_describe",
      "mesh_tool_call",
    ]);
    const found = await callTool(t.client, "mesh_tool_search", {
      query: "deployment logs",
      limit: 3,
    });
    const hits = (found.structuredContent as { tools: Array<{ name: string; server: string }> })
      .tools;
    expect(hits[0]).toEqual(
      expect.objectContaining({ name: "vercel_deployment_events", server: "vercel" }),
    );
    const described = await callTool(t.client, "mesh_tool_describe", { name: "echo" });
    expect(described.structuredContent).toMatchObject({
      name: "echo",
      server: "fx",
      inputSchema: { required: ["message"] },
    });
    const called = await callTool(t.client, "mesh_tool_call", {
      name: "echo",
      arguments: { message: "via search" },
    });
    expect(called.structuredContent).toMatchObject({ message: "via search" });
    const unknown = await callTool(t.client, "mesh_tool_call", { name: "eco", arguments: {} });
    expect(readEnvelope(unknown)).toMatchObject({ code: "not_found" });
    expect(readEnvelope(unknown)?.message).toContain("Did you mean echo?");
  });

  it("switches to search mode on its own above the threshold", async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fx")}tools:\n  search_threshold: 5\n`);
    expect(t.mesh.searchActive).toBe(true);
    expect((await t.client.listTools()).tools).toHaveLength(3);
  });
});
