import {
  CompleteResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  GetPromptResultSchema,
  LoggingMessageNotificationSchema,
  ReadResourceResultSchema,
  ResourceUpdatedNotificationSchema,
  type ServerNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callTool,
  eventually,
  everythingYaml,
  fixtureYaml,
  startTestMesh,
  type TestMesh,
} from "./helpers.js";

describe("proxying through the gateway", () => {
  let t: TestMesh;
  beforeAll(async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fixture")}${everythingYaml("everything")}`, {
      capabilities: { elicitation: { form: {} }, sampling: {} },
    });
  });
  afterAll(() => t.close());

  it("passes structuredContent, content and the downstream's _meta through unchanged", async () => {
    const result = await t.client.request(
      {
        method: "tools/call",
        params: { name: "fixture_echo", arguments: { message: "hi" }, _meta: { trace: "abc" } },
      },
      (await import("@modelcontextprotocol/sdk/types.js")).CallToolResultSchema,
    );
    expect(result.structuredContent).toEqual({ message: "hi", meta: { trace: "abc" } });
    expect(result.isError).toBeFalsy();
  });

  it("keeps isError results from the downstream as they are", async () => {
    const result = await callTool(t.client, "fail");
    expect(result).toMatchObject({ isError: true, content: [{ type: "text", text: "it failed" }] });
  });

  it("relays progress notifications with the client's own token", async () => {
    const seen: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await callTool(
      t.client,
      "wait",
      { ms: 200 },
      { onprogress: (p) => void seen.push(p) },
    );
    expect(result.structuredContent).toEqual({ waited: 200 });
    expect(seen.length).toBe(4);
    expect(seen.at(-1)).toMatchObject({ progress: 4, total: 4, message: "step 4" });
  });

  it("relays server-everything's progress too", async () => {
    const seen: number[] = [];
    await callTool(
      t.client,
      "trigger-long-running-operation",
      { duration: 0.3, steps: 3 },
      {
        onprogress: (p) => void seen.push(p.progress),
      },
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it("sends cancellation downstream when the client cancels", async () => {
    const before = (await callTool(t.client, "stats")).structuredContent as { cancelled: number };
    const controller = new AbortController();
    const call = callTool(t.client, "wait", { ms: 5000 }, { signal: controller.signal });
    await eventually(
      async () =>
        ((await callTool(t.client, "stats")).structuredContent as { calls: number }).calls > 0,
    );
    setTimeout(() => controller.abort("user pressed escape"), 100);
    await expect(call).rejects.toThrow();
    const after = await eventually(
      async () => {
        const stats = (await callTool(t.client, "stats")).structuredContent as {
          cancelled: number;
        };
        return stats.cancelled > before.cancelled ? stats : undefined;
      },
      45_000,
      "the downstream to see the cancellation",
    );
    expect(after.cancelled).toBe(before.cancelled + 1);
  });

  it("merges resources and reads them from the right server", async () => {
    const { resources } = await t.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain("fixture://item/1");
    expect(uris.some((uri) => uri.startsWith("demo://resource/static/document/"))).toBe(true);
    const read = await t.client.request(
      { method: "resources/read", params: { uri: "fixture://item/1" } },
      ReadResourceResultSchema,
    );
    expect(read.contents).toEqual([{ uri: "fixture://item/1", text: "item one" }]);
  });

  it("reads a resource made from a template, routed by the template", async () => {
    const { resourceTemplates } = await t.client.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).toContain("fixture://item/{id}");
    const read = await t.client.request(
      { method: "resources/read", params: { uri: "fixture://item/42" } },
      ReadResourceResultSchema,
    );
    expect(read.contents[0]).toMatchObject({ text: "item 42" });
    const everything = await t.client.request(
      { method: "resources/read", params: { uri: "demo://resource/dynamic/text/1" } },
      ReadResourceResultSchema,
    );
    expect(everything.contents[0]?.uri).toBe("demo://resource/dynamic/text/1");
  });

  it("answers an unknown resource with the resource-not-found error", async () => {
    await expect(
      t.client.request(
        { method: "resources/read", params: { uri: "nowhere://x" } },
        ReadResourceResultSchema,
      ),
    ).rejects.toMatchObject({ code: -32002 });
  });

  it("forwards prompts and completions", async () => {
    const { prompts } = await t.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(
      expect.arrayContaining(["greet", "simple-prompt", "args-prompt"]),
    );
    const prompt = await t.client.request(
      { method: "prompts/get", params: { name: "greet", arguments: { name: "Ada" } } },
      GetPromptResultSchema,
    );
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Hello, Ada!" });
    const completion = await t.client.request(
      {
        method: "completion/complete",
        params: {
          ref: { type: "ref/resource", uri: "fixture://item/{id}" },
          argument: { name: "id", value: "1" },
        },
      },
      CompleteResultSchema,
    );
    expect(completion.completion.values).toEqual(["1", "10"]);
  });

  it("forwards subscriptions and routes resource updates to subscribers only", async () => {
    const other = await t.connect();
    const updates: string[] = [];
    const otherUpdates: string[] = [];
    t.client.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => void updates.push(n.params.uri),
    );
    other.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => void otherUpdates.push(n.params.uri),
    );
    await t.client.subscribeResource({ uri: "fixture://item/1" });
    const stats = (await callTool(t.client, "stats")).structuredContent as { subscribed: string[] };
    expect(stats.subscribed).toContain("fixture://item/1");
    await callTool(other, "touch", { uri: "fixture://item/1" });
    await eventually(() => updates.length > 0, 45_000, "the update");
    expect(updates).toEqual(["fixture://item/1"]);
    expect(otherUpdates).toEqual([]);
    await t.client.unsubscribeResource({ uri: "fixture://item/1" });
    const after = (await callTool(t.client, "stats")).structuredContent as {
      unsubscribed: string[];
    };
    expect(after.unsubscribed).toContain("fixture://item/1");
  });

  it("forwards logging messages, named after their server, at the level the client set", async () => {
    const logs: ServerNotification["params"][] = [];
    t.client.setNotificationHandler(
      LoggingMessageNotificationSchema,
      (n) => void logs.push(n.params),
    );
    await t.client.setLoggingLevel("warning");
    await callTool(t.client, "log", { level: "info", message: "too chatty" });
    await callTool(t.client, "log", { level: "error", message: "disk full" });
    await eventually(() => logs.length > 0, 45_000, "a log message");
    expect(logs).toEqual([{ level: "error", logger: "fixture/fixture", data: "disk full" }]);
    await t.client.setLoggingLevel("debug");
  });

  it("routes a downstream's elicitation to the client whose call caused it", async () => {
    t.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      expect(request.params.message).toBe("Favourite colour?");
      return { action: "accept", content: { colour: "teal" } };
    });
    const result = await callTool(t.client, "ask");
    expect(result.structuredContent).toEqual({
      answer: { action: "accept", content: { colour: "teal" } },
    });
  });

  it("routes a downstream's sampling request to the client", async () => {
    t.client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      model: "test-model",
      content: { type: "text", text: "hi there" },
    }));
    const result = await callTool(t.client, "sample");
    expect(result.structuredContent).toEqual({ reply: { type: "text", text: "hi there" } });
  });

  it("tells a downstream no when the calling client cannot elicit", async () => {
    const plain = await t.connect();
    const result = await callTool(plain, "ask");
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(
      /does not support elicitation|no connected client/,
    );
  });

  it("answers an unknown tool with invalid params", async () => {
    await expect(callTool(t.client, "no_such_tool")).rejects.toMatchObject({ code: -32602 });
  });
});
