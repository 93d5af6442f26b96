import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type Progress,
  ResourceUpdatedNotificationSchema,
  type ServerNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WATCHED_URI } from "../reference-server/resources.ts";
import { createReferenceServer } from "../reference-server/server.ts";
import { CONTENT_TOOLS } from "../reference-server/tools/content.ts";
import { DEFAULTS_SCHEMA, ENUMS_SCHEMA } from "../reference-server/tools/elicitation-schemas.ts";
import { TOOLS } from "../reference-server/tools/index.ts";
import { LOG_MESSAGES } from "../reference-server/tools/notifying.ts";
import { type RunningGateway, startGateway } from "./gateway.js";

/** Generous: a busy two-core machine may be slow, and waitFor returns as soon as it holds. */
const WAIT = { timeout: 30_000, interval: 20 };

const ENUM_ANSWER = {
  untitledSingle: "option2",
  titledSingle: "value3",
  legacyEnum: "opt1",
  untitledMulti: ["option1", "option3"],
  titledMulti: ["value2"],
};

/** A client like Claude Code's: sampling and form elicitation, answering from what it records. */
function recordingClient() {
  const client = new Client(
    { name: "faithful-proxy-test", version: "1.0.0" },
    { capabilities: { sampling: {}, elicitation: {} } },
  );
  const asked: { sampling: unknown[]; elicitation: unknown[] } = { sampling: [], elicitation: [] };
  const heard: ServerNotification[] = [];
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    asked.sampling.push(request.params);
    return {
      role: "assistant",
      content: { type: "text", text: "an answer from the client's model" },
      model: "test-model",
      stopReason: "endTurn",
    };
  });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.elicitation.push(request.params);
    return { action: "accept", content: ENUM_ANSWER };
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void heard.push(n));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void heard.push(n));
  return { client, asked, heard };
}

/**
 * The suite's checks are loose (a text item exists, three logs arrived). Here the same calls go
 * to the reference server directly and through the gateway, and the answers must be identical,
 * and what the client is asked or told must be exactly what the reference server sent.
 */
describe("the gateway proxies a third-party stdio server faithfully", () => {
  let gateway: RunningGateway;
  let mesh: ReturnType<typeof recordingClient>;
  let direct: Client;

  beforeAll(async () => {
    gateway = await startGateway();
    mesh = recordingClient();
    await mesh.client.connect(new StreamableHTTPClientTransport(new URL(gateway.url)));
    const reference = recordingClient();
    direct = reference.client;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([direct.connect(clientSide), createReferenceServer().connect(serverSide)]);
  });

  afterAll(async () => {
    await mesh?.client.close();
    await direct?.close();
    await gateway?.stop();
  });

  it("lists the reference tools exactly as the server does, JSON Schema 2020-12 keywords too", async () => {
    const { tools } = await mesh.client.listTools();
    const { tools: expected } = await direct.listTools();
    const names = new Set(TOOLS.map((tool) => tool.name));
    const listed = tools.filter((tool) => names.has(tool.name));
    // The gateway adds one namespaced _meta key, the server each tool comes from; nothing else.
    for (const tool of listed) expect(tool._meta).toEqual({ "io.agent-mesh/server": "reference" });
    expect(listed.map(({ _meta, ...tool }) => tool)).toEqual(expected);
  });

  it("returns text, image, audio, embedded-resource, mixed and error results unchanged", async () => {
    for (const tool of CONTENT_TOOLS) {
      const args = tool.name === "json_schema_2020_12_tool" ? { name: "Ada" } : {};
      const viaMesh = await mesh.client.callTool({ name: tool.name, arguments: args });
      const expected = await direct.callTool({ name: tool.name, arguments: args });
      expect(viaMesh, tool.name).toEqual(expected);
    }
  });

  it("reads text, binary and templated resources unchanged", async () => {
    for (const uri of ["test://static-text", "test://static-binary", "test://template/123/data"]) {
      expect(await mesh.client.readResource({ uri }), uri).toEqual(
        await direct.readResource({ uri }),
      );
    }
    const { resourceTemplates } = await mesh.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain("test://template/{id}/data");
  });

  it("gets every prompt unchanged and forwards completion", async () => {
    const gets: Array<{ name: string; arguments?: Record<string, string> }> = [
      { name: "test_simple_prompt" },
      { name: "test_prompt_with_arguments", arguments: { arg1: "a", arg2: "b" } },
      { name: "test_prompt_with_embedded_resource", arguments: { resourceUri: "test://x" } },
      { name: "test_prompt_with_image" },
    ];
    for (const get of gets) {
      expect(await mesh.client.getPrompt(get), get.name).toEqual(await direct.getPrompt(get));
    }
    const complete = {
      ref: { type: "ref/prompt" as const, name: "test_prompt_with_arguments" },
      argument: { name: "arg1", value: "pa" },
    };
    const completion = await mesh.client.complete(complete);
    expect(completion).toEqual(await direct.complete(complete));
    expect(completion.completion.values).toEqual(["paris", "park", "party"]);
  });

  it("forwards a call's log messages in order, naming the server they came from", async () => {
    await mesh.client.setLoggingLevel("info");
    await mesh.client.callTool({ name: "test_tool_with_logging", arguments: {} });
    const logs = () =>
      mesh.heard.filter(
        (n) =>
          n.method === "notifications/message" &&
          n.params.logger === "reference/test_tool_with_logging",
      );
    await vi.waitFor(() => expect(logs()).toHaveLength(LOG_MESSAGES.length), WAIT);
    expect(logs().map((n) => n.params)).toEqual(
      LOG_MESSAGES.map((data) => ({
        level: "info",
        logger: "reference/test_tool_with_logging",
        data,
      })),
    );
  });

  it("forwards progress with the caller's own token and values", async () => {
    const progress: Progress[] = [];
    await mesh.client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(progress.map(({ progress, total }) => ({ progress, total }))).toEqual([
      { progress: 0, total: 100 },
      { progress: 50, total: 100 },
      { progress: 100, total: 100 },
    ]);
  });

  it("routes a sampling request to the caller, unchanged, and its answer back", async () => {
    const before = mesh.asked.sampling.length;
    const result = await mesh.client.callTool({
      name: "test_sampling",
      arguments: { prompt: "What is 2+2?" },
    });
    expect(mesh.asked.sampling.slice(before)).toEqual([
      {
        messages: [{ role: "user", content: { type: "text", text: "What is 2+2?" } }],
        maxTokens: 100,
      },
    ]);
    expect(result.content).toEqual([
      { type: "text", text: "LLM response: an answer from the client's model" },
    ]);
  });

  it("routes elicitations with defaults (SEP-1034) and every enum form (SEP-1330) unchanged", async () => {
    const before = mesh.asked.elicitation.length;
    await mesh.client.callTool({ name: "test_elicitation_sep1034_defaults", arguments: {} });
    const result = await mesh.client.callTool({
      name: "test_elicitation_sep1330_enums",
      arguments: {},
    });
    const schemas = mesh.asked.elicitation
      .slice(before)
      .map((params) => (params as { requestedSchema: unknown }).requestedSchema);
    expect(schemas).toEqual([DEFAULTS_SCHEMA, ENUMS_SCHEMA]);
    expect(result.content).toEqual([
      {
        type: "text",
        text: `Elicitation completed: action=accept, content=${JSON.stringify(ENUM_ANSWER)}`,
      },
    ]);
  });

  it("delivers resource updates to a subscriber until it unsubscribes", async () => {
    const updates = () =>
      mesh.heard.filter(
        (n) => n.method === "notifications/resources/updated" && n.params.uri === WATCHED_URI,
      );
    await mesh.client.subscribeResource({ uri: WATCHED_URI });
    await vi.waitFor(() => expect(updates().length).toBeGreaterThanOrEqual(2), WAIT);
    const read = await mesh.client.readResource({ uri: WATCHED_URI });
    expect(read.contents[0]).toMatchObject({
      uri: WATCHED_URI,
      text: expect.stringMatching(/^version [1-9]\d*$/),
    });
    await mesh.client.unsubscribeResource({ uri: WATCHED_URI });
  });
});
