import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, createServer, MemoryState, type SessionStore } from "../src/index.js";
import { listenMcpHttp, type McpHttpServer } from "../src/node.js";
import { demoEnv, demoPlatform } from "./fixtures/demo-platform.js";

// Two HTTP servers on one state stand for two gateway replicas behind a load balancer.
const state = new MemoryState();
const bus = new EventEmitter();
const store: SessionStore = {
  state,
  ended: {
    publish: async (id) => void bus.emit("ended", id),
    subscribe: (onEnded) => {
      bus.on("ended", onEnded);
      return () => bus.off("ended", onEnded);
    },
  },
};
const runtime = createRuntime(demoPlatform, { env: demoEnv, state });
let a: McpHttpServer;
let b: McpHttpServer;

beforeAll(async () => {
  const options = {
    createServer: () => createServer(demoPlatform, { runtime }),
    host: "127.0.0.1",
    port: 0,
    sessionStore: store,
  };
  [a, b] = await Promise.all([listenMcpHttp(options), listenMcpHttp(options)]);
});
afterAll(() => Promise.all([a.close(), b.close()]));

const post = (server: McpHttpServer, body: unknown, session?: string) =>
  fetch(server.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(session ? { "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" } : {}),
    },
    body: JSON.stringify(body),
  });

async function initializeOn(server: McpHttpServer): Promise<string> {
  const res = await post(server, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: { elicitation: {} },
      clientInfo: { name: "roaming-client", version: "1" },
    },
  });
  expect(res.status).toBe(200);
  const id = res.headers.get("mcp-session-id")!;
  const initialized = await post(
    server,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    id,
  );
  expect(initialized.status).toBe(202);
  return id;
}

describe("sessions shared through state", () => {
  it("continues a session opened on A with requests sent to B", async () => {
    const id = await initializeOn(a);
    const level = { jsonrpc: "2.0", id: 1, method: "logging/setLevel", params: { level: "error" } };
    expect((await post(a, level, id)).status).toBe(200);
    const stored = JSON.parse((await state.get(`session:${id}`))!);
    expect(stored.initialize.params.clientInfo).toEqual({ name: "roaming-client", version: "1" });
    expect(stored.initialize.params.capabilities).toEqual({ elicitation: {} });
    expect(stored.logLevel).toBe("error");

    const call = await post(
      b,
      {
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "demo_item_get", arguments: { id: "r1" } },
      },
      id,
    );
    expect(call.status).toBe(200);
    expect(call.headers.get("mcp-session-id")).toBe(id);
    // Only the answer: the replayed initialize was not sent to the client.
    const body = await call.json();
    expect(body).toMatchObject({
      id: 7,
      result: { structuredContent: { id: "r1", name: "item r1" } },
    });
    expect(b.sessions).toBe(1);
  });

  it("ends the session on every server when it is deleted on one", async () => {
    const id = await initializeOn(a);
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    expect((await post(b, list, id)).status).toBe(200);
    const deleted = await fetch(b.url, { method: "DELETE", headers: { "mcp-session-id": id } });
    expect(deleted.status).toBe(200);
    expect(await state.get(`session:${id}`)).toBeUndefined();
    expect((await post(a, list, id)).status).toBe(404);
    expect((await post(b, list, id)).status).toBe(404);
  });

  it("answers 404 for a session no server knows", async () => {
    const res = await post(
      b,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      "00000000-0000-4000-8000-000000000000",
    );
    expect(res.status).toBe(404);
  });
});
