import {
  createLogger,
  definePlatform,
  defineTool,
  PlatformError,
  RELATED_CALL_META,
  readEnvelope,
} from "@agent-mesh/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { parseConfig } from "../src/config/load.js";
import { Mesh } from "../src/mesh.js";
import { callTool, eventually, TEST_CALLER } from "./helpers.js";

const readOnly = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/** What the platform's tools saw, for the assertions. */
const seen = { started: [] as string[], aborted: [] as string[], deleted: [] as string[] };

/** Waits until its call is aborted, and records that it was. */
const waitUntilAborted = (name: string) =>
  defineTool({
    name,
    title: "Wait",
    description: "Waits until cancelled.",
    input: z.object({ tag: z.string() }),
    output: z.object({ tag: z.string() }),
    annotations: readOnly,
    run: async ({ tag }, ctx) => {
      seen.started.push(tag);
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      seen.aborted.push(tag);
      throw new PlatformError("timeout", `${tag} was cancelled`);
    },
  });

const platform = definePlatform({
  name: "dt",
  title: "Direct test",
  version: "0.0.0",
  description: "Tools that exercise the direct in-process path.",
  config: {},
  client: () => ({}),
  mapError: () => undefined,
  tools: [
    defineTool({
      name: "dt_count_run",
      title: "Count",
      description: "Reports progress, then returns how far it counted.",
      input: z.object({ steps: z.number() }),
      output: z.object({ counted: z.number() }),
      annotations: readOnly,
      run: async ({ steps }, ctx) => {
        for (let i = 1; i <= steps; i++) await ctx.progress(i, steps, `step ${i}`);
        return { counted: steps };
      },
    }),
    waitUntilAborted("dt_wait_run"),
    waitUntilAborted("dt_slow_run"),
    defineTool({
      name: "dt_item_delete",
      title: "Delete item",
      description: "Deletes an item after the user confirms.",
      input: z.object({ id: z.string() }),
      output: z.object({ deleted: z.string() }),
      annotations: { ...readOnly, readOnlyHint: false, destructiveHint: true },
      confirm: { message: ({ id }) => `Delete item ${id}.` },
      run: async ({ id }) => {
        seen.deleted.push(id);
        return { deleted: id };
      },
    }),
    defineTool({
      name: "dt_missing_get",
      title: "Missing",
      description: "Always answers not_found.",
      input: z.object({}),
      output: z.object({}),
      annotations: readOnly,
      run: async () => {
        throw new PlatformError("not_found", "there is no such item");
      },
    }),
    defineTool({
      name: "dt_broken_get",
      title: "Broken",
      description: "Returns output its schema refuses.",
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      annotations: readOnly,
      run: async () => ({ ok: "yes" }) as unknown as { ok: boolean },
    }),
  ],
});

const sent: JSONRPCMessage[] = [];

/** Messages on any in-memory link that the gateway sent to a platform for a call. */
const gatewayToolCalls = () =>
  sent.filter(
    (m) =>
      "method" in m &&
      m.method === "tools/call" &&
      RELATED_CALL_META in ((m.params?._meta as object | undefined) ?? {}),
  );

async function startMesh(env: Record<string, string>): Promise<Mesh> {
  const yaml = "integrations:\n  dt:\n    tool_timeouts: { dt_slow_run: 300ms }\n";
  const parsed = parseConfig(yaml, "mesh.yaml", [platform], {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const mesh = new Mesh({
    platforms: [platform],
    env: { AGENT_MESH_LOG_LEVEL: "error", ...env },
    logger: createLogger({ name: "agent-mesh", level: "error" }),
  });
  await mesh.apply(parsed.config);
  await mesh.settled(30_000);
  return mesh;
}

describe("tool calls to an in-process platform run its handler directly", () => {
  let mesh: Mesh;
  const clients: Client[] = [];
  const connect = async (withElicitation = false) => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client(
      { name: "test", version: "1" },
      { capabilities: withElicitation ? { elicitation: { form: {} } } : {} },
    );
    await mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    const original = InMemoryTransport.prototype.send;
    vi.spyOn(InMemoryTransport.prototype, "send").mockImplementation(function (
      this: InMemoryTransport,
      message,
      options,
    ) {
      sent.push(message);
      return original.call(this, message, options);
    });
    mesh = await startMesh({});
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await mesh.close();
    vi.restoreAllMocks();
  });

  it("lists over the in-memory link but calls without a tools/call message on it", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("dt_count_run");
    // The spy does watch the gateway's link to the platform: the listing crossed it.
    expect(sent.some((m) => "method" in m && m.method === "tools/list")).toBe(true);
    expect(mesh.get("dt")?.callsDirectly).toBe(true);

    const result = await callTool(client, "dt_count_run", { steps: 2 });
    expect(result.structuredContent).toEqual({ counted: 2 });
    expect(result.content[0]).toMatchObject({ type: "text" });
    expect(gatewayToolCalls()).toEqual([]);
  });

  it("relays every progress notification, in order, before the result", async () => {
    const client = await connect();
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await callTool(
      client,
      "dt_count_run",
      { steps: 4 },
      { onprogress: (p) => void progress.push(p) },
    );
    expect(result.structuredContent).toEqual({ counted: 4 });
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4]);
    expect(progress.at(-1)).toMatchObject({ total: 4, message: "step 4" });
    expect(gatewayToolCalls()).toEqual([]);
  });

  it("aborts the tool's signal when the client cancels", async () => {
    const client = await connect();
    const controller = new AbortController();
    const call = callTool(
      client,
      "dt_wait_run",
      { tag: "cancel-me" },
      { signal: controller.signal },
    );
    await eventually(() => seen.started.includes("cancel-me"), 30_000, "the tool to start");
    controller.abort("the user gave up");
    await expect(call).rejects.toThrow();
    await eventually(() => seen.aborted.includes("cancel-me"), 30_000, "the tool to see the abort");
    expect(gatewayToolCalls()).toEqual([]);
  });

  it("answers a timeout envelope and aborts the tool when its timeout runs out", async () => {
    const client = await connect();
    const result = await callTool(client, "dt_slow_run", { tag: "too-slow" });
    expect(readEnvelope(result)).toMatchObject({ code: "timeout", details: { timeout_ms: 300 } });
    await eventually(() => seen.aborted.includes("too-slow"), 30_000, "the tool to see the abort");
  });

  it("routes each call's elicitation to the client that made it", async () => {
    const asked: Record<string, string[]> = { a: [], b: [] };
    const withAnswer = async (name: "a" | "b", accept: boolean) => {
      const client = await connect(true);
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked[name]!.push(request.params.message);
        return accept ? { action: "accept", content: { confirm: true } } : { action: "decline" };
      });
      return client;
    };
    const [a, b] = [await withAnswer("a", true), await withAnswer("b", false)];
    const [yes, no] = await Promise.all([
      callTool(a, "dt_item_delete", { id: "one" }),
      callTool(b, "dt_item_delete", { id: "two" }),
    ]);
    expect(yes.structuredContent).toEqual({ deleted: "one" });
    expect(readEnvelope(no)).toMatchObject({ code: "confirmation_required" });
    expect(asked.a).toEqual([expect.stringContaining("Delete item one")]);
    expect(asked.b).toEqual([expect.stringContaining("Delete item two")]);
    expect(seen.deleted).toEqual(["one"]);
    expect(gatewayToolCalls()).toEqual([]);
  });

  it("passes envelopes and errors through as before", async () => {
    const client = await connect();
    const missing = await callTool(client, "dt_missing_get");
    expect(readEnvelope(missing)).toMatchObject({ code: "not_found" });
    // Output that breaks the tool's schema is the platform's internal error, a JSON-RPC error.
    await expect(callTool(client, "dt_broken_get")).rejects.toMatchObject({
      code: -32603,
      message: expect.stringContaining("Internal error in dt_broken_get"),
    });
    // Arguments the tool refuses are its invalid_request envelope.
    const bad = await callTool(client, "dt_count_run", { steps: "two" });
    expect(readEnvelope(bad)).toMatchObject({ code: "invalid_request" });
    expect(gatewayToolCalls()).toEqual([]);
  });
});

describe("with AGENT_MESH_DIRECT_CALLS=off", () => {
  it("sends the call over the in-memory link as before, with the same result and progress", async () => {
    const original = InMemoryTransport.prototype.send;
    const spy = vi.spyOn(InMemoryTransport.prototype, "send").mockImplementation(function (
      this: InMemoryTransport,
      message,
      options,
    ) {
      sent.push(message);
      return original.call(this, message, options);
    });
    const mesh = await startMesh({ AGENT_MESH_DIRECT_CALLS: "off" });
    try {
      expect(mesh.get("dt")?.callsDirectly).toBe(false);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: "test", version: "1" });
      await mesh.connectSession(TEST_CALLER).connect(serverSide);
      await client.connect(clientSide);
      const before = gatewayToolCalls().length;
      const progress: number[] = [];
      const result = await callTool(
        client,
        "dt_count_run",
        { steps: 3 },
        { onprogress: (p) => void progress.push(p.progress) },
      );
      expect(result.structuredContent).toEqual({ counted: 3 });
      expect(progress).toEqual([1, 2, 3]);
      expect(gatewayToolCalls().length).toBe(before + 1);
      await client.close();
    } finally {
      await mesh.close();
      spy.mockRestore();
    }
  }, 60_000);
});
