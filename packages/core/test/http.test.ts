import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, createServer } from "../src/index.js";
import { listenMcpHttp, type McpHttpServer } from "../src/node.js";
import { demoEnv, demoPlatform } from "./fixtures/demo-platform.js";

const runtime = createRuntime(demoPlatform, { env: demoEnv });
let mcp: McpHttpServer;
let port = 0;

beforeAll(async () => {
  mcp = await listenMcpHttp({
    createServer: () => createServer(demoPlatform, { runtime }),
    host: "127.0.0.1",
    port: 0,
    health: () => ({ platform: "demo" }),
  });
  port = mcp.port;
});
afterAll(() => mcp.close());

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "t", version: "1" },
  },
};
const post = (headers: Record<string, string>, body: unknown = initialize) =>
  fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });

function rawPost(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/mcp",
        method: "POST",
        headers: {
          host,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(initialize));
  });
}

describe("Streamable HTTP", () => {
  it("serves a real MCP client session: list and call", async () => {
    const client = new Client({ name: "t", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)),
    );
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(4);
    const result = await client.callTool({ name: "demo_item_get", arguments: { id: "h1" } });
    expect(result.structuredContent).toEqual({ id: "h1", name: "item h1" });
    expect(mcp.sessions).toBeGreaterThanOrEqual(1);
    await client.close();
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    // fetch cannot set Host, so this goes through node:http as a rebinding attacker's browser would.
    const { status, body } = await rawPost("evil.example:80");
    expect(status).toBe(403);
    expect(JSON.parse(body)).toMatchObject({
      error: { message: 'Forbidden: Host header "evil.example:80" is not allowed' },
    });
    expect((await rawPost(`localhost:${port}`)).status).toBe(200);
  });

  it("refuses a browser request from a foreign Origin", async () => {
    const response = await post({ origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  it("accepts the loopback Origin", async () => {
    const response = await post({ origin: `http://localhost:${port}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("mcp-session-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers requests without a session clearly", async () => {
    const noInit = await post({}, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(noInit.status).toBe(400);
    expect(await noInit.text()).toContain("first request must be initialize");
    const unknown = await post(
      { "mcp-session-id": "nope" },
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
    );
    expect(unknown.status).toBe(404);
    const garbage = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: "{oops",
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain("Parse error");
  });

  it("answers a plain call with JSON, and says what is wrong with a malformed request", async () => {
    const init = await post({});
    const session = init.headers.get("mcp-session-id")!;
    await init.text();
    const headers = { "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" };
    await (await post(headers, { jsonrpc: "2.0", method: "notifications/initialized" })).text();
    const call = await post(headers, {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "demo_item_get", arguments: { id: "j1" } },
    });
    expect(call.headers.get("content-type")).toBe("application/json");
    expect(await call.json()).toMatchObject({ id: 7, result: { structuredContent: { id: "j1" } } });

    const url = `http://127.0.0.1:${port}/mcp`;
    const wrongType = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(415);
    const wrongAccept = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(initialize),
    });
    expect(wrongAccept.status).toBe(406);
    const notRpc = await post(headers, { hello: "world" });
    expect(notRpc.status).toBe(400);
    expect(await notRpc.text()).toContain("Invalid Request");
    const badVersion = await post(
      { ...headers, "mcp-protocol-version": "1999-01-01" },
      { jsonrpc: "2.0", id: 8, method: "ping" },
    );
    expect(badVersion.status).toBe(400);
    const put = await fetch(url, { method: "PUT", headers });
    expect(put.status).toBe(405);

    const ended = await fetch(url, { method: "DELETE", headers });
    expect(ended.status).toBe(200);
    expect((await post(headers, { jsonrpc: "2.0", id: 9, method: "ping" })).status).toBe(404);
  });

  it("reports health", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await response.json()).toMatchObject({ status: "ok", platform: "demo" });
  });
});

describe("idle sessions", () => {
  it("are closed after sessionIdleMs without a request", async () => {
    const server = await listenMcpHttp({
      createServer: () => createServer(demoPlatform, { runtime }),
      host: "127.0.0.1",
      port: 0,
      sessionIdleMs: 20,
    });
    const response = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify(initialize),
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(server.sessions).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.sessions).toBe(0);
    await server.close();
  });
});
