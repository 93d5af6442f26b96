import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshSchema } from "../src/config/schema.js";
import { type HttpGateway, ListenError, serveHttp } from "../src/serve/http.js";
import { callTool, fixtureYaml, startTestMesh, type TestMesh } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

const TOKEN = "test-token-0123456789abcdef";

function gatewayConfig(overrides: Record<string, unknown> = {}) {
  return meshSchema(firstPartyPlatforms).parse({ gateway: { port: 0, ...overrides } }).gateway;
}

async function connect(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "http-test", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

/** A raw request, so that Host and Origin can be anything (fetch cannot set Host). */
function raw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    );
  });
}

describe("the gateway over Streamable HTTP", () => {
  let t: TestMesh;
  let open: HttpGateway;
  let secured: HttpGateway;
  beforeAll(async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fixture")}`);
    open = await serveHttp(t.mesh, gatewayConfig());
    secured = await serveHttp(t.mesh, gatewayConfig({ tokens: [TOKEN] }));
  });
  afterAll(async () => {
    await open.close();
    await secured.close();
    await t.close();
  });

  it("lists and calls tools, with progress over the response stream", async () => {
    const client = await connect(open.url);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["wait", "vercel_project_list"]),
    );
    const progress: number[] = [];
    const result = await callTool(
      client,
      "wait",
      { ms: 150 },
      { onprogress: (p) => void progress.push(p.progress) },
    );
    expect(result.structuredContent).toEqual({ waited: 150 });
    expect(progress).toEqual([1, 2, 3]);
    await client.close();
  });

  it("refuses a foreign Host or Origin (DNS rebinding) before any MCP handling", async () => {
    const host = new URL(open.url).host;
    expect((await raw(open.url, { host: "evil.example:80" })).status).toBe(403);
    expect((await raw(open.url, { host, origin: "http://evil.example" })).status).toBe(403);
    expect((await raw(open.url, { host, origin: `http://${host}` })).status).toBe(200);
  });

  it("requires one of the bearer tokens when tokens are configured", async () => {
    const missing = await raw(secured.url, { host: new URL(secured.url).host });
    expect(missing.status).toBe(401);
    expect(missing.body).toContain("Authorization: Bearer");
    const wrong = await raw(secured.url, {
      host: new URL(secured.url).host,
      authorization: "Bearer nope",
    });
    expect(wrong.status).toBe(401);
    const client = await connect(secured.url, { authorization: `Bearer ${TOKEN}` });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  it("reports each downstream's state, restarts and latency at /health", async () => {
    const client = await connect(open.url);
    await callTool(client, "pid");
    await client.close();
    const response = await fetch(open.url.replace(/\/mcp$/, "/health"));
    const health = (await response.json()) as {
      downstreams: { fixture: { latency: { calls: number } } };
    };
    expect(health).toMatchObject({
      status: "ok",
      downstreams: {
        vercel: { kind: "platform", state: "ready", restarts: 0 },
        fixture: {
          kind: "stdio",
          state: "ready",
          restarts: 0,
          latency: { calls: expect.any(Number) },
        },
      },
    });
    expect(health.downstreams.fixture.latency.calls).toBeGreaterThan(0);
    const denied = await fetch(secured.url.replace(/\/mcp$/, "/health"));
    expect(denied.status).toBe(401);
  });

  it("will not listen beyond loopback without tokens unless forced", async () => {
    await expect(serveHttp(t.mesh, gatewayConfig({ host: "0.0.0.0" }))).rejects.toThrow(
      ListenError,
    );
    await expect(serveHttp(t.mesh, gatewayConfig({ host: "0.0.0.0" }))).rejects.toThrow(
      /gateway\.tokens/,
    );
  });

  it("says so when the port is taken", async () => {
    const port = Number(new URL(open.url).port);
    await expect(serveHttp(t.mesh, gatewayConfig({ port }))).rejects.toThrow(/port \d+ is in use/);
  });
});
