import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { GetPromptResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshSchema } from "../src/config/schema.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { config, fixtureYaml, startTestMesh, type TestMesh } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

// Issue 10 through the gateway over real HTTP: errors said once, sessions capped by config.
function gatewayConfig(overrides: Record<string, unknown> = {}) {
  return meshSchema(firstPartyPlatforms).parse({ gateway: { port: 0, ...overrides } }).gateway;
}

async function connect(url: string) {
  const client = new Client({ name: "bad-input", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function failure(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof McpError)) throw new Error(`expected an McpError, got ${String(error)}`);
  return error;
}

describe("the gateway over HTTP with hostile input", () => {
  let t: TestMesh;
  let http: HttpGateway;
  beforeAll(async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fixture")}`);
    http = await serveHttp(t.mesh, gatewayConfig({ max_sessions_per_client: 2 }));
  });
  afterAll(async () => {
    await http.close();
    await t.close();
  });

  it("passes a downstream's protocol error through once: one 'MCP error' prefix (item 4)", async () => {
    const client = await connect(http.url);
    // The fixture (an SDK McpServer) refuses a prompt without its required argument.
    const error = await failure(
      client.request({ method: "prompts/get", params: { name: "greet" } }, GetPromptResultSchema),
    );
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^MCP error -32602: /);
    expect(error.message).not.toMatch(/MCP error -32602: MCP error/);
    await client.close();
  });

  it("names an unknown tool with at most a short prefix of it (item 5)", async () => {
    const client = await connect(http.url);
    const error = await failure(client.callTool({ name: "x".repeat(100_000), arguments: {} }));
    expect(error.code).toBe(-32602);
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain("(100000 characters)");
    await client.close();
  });

  it("caps sessions per client from gateway.max_sessions_per_client, evicting the oldest idle (item 6)", async () => {
    const first = await connect(http.url);
    const second = await connect(http.url);
    await second.listTools();
    const third = await connect(http.url);
    expect(http.sessions).toBeLessThanOrEqual(2);
    // The evicted session answers 404, on which a client starts a new session.
    await expect(first.listTools()).rejects.toThrow(/Session not found/);
    expect((await third.listTools()).tools.length).toBeGreaterThan(0);
    await Promise.allSettled([first.close(), second.close(), third.close()]);
  });
});

describe("gateway session settings in mesh.yaml", () => {
  it("reads max_sessions, max_sessions_per_client and the two idle timeouts", () => {
    const parsed = config(
      "gateway:\n  max_sessions: 50\n  max_sessions_per_client: 5\n  session_idle_timeout: 10m\n  session_unused_timeout: 15s\n",
    );
    expect(parsed.gateway).toMatchObject({
      max_sessions: 50,
      max_sessions_per_client: 5,
      session_idle_timeout: 600_000,
      session_unused_timeout: 15_000,
    });
    expect(config("").gateway).toMatchObject({
      max_sessions: 1000,
      max_sessions_per_client: 100,
      session_idle_timeout: 1_800_000,
      session_unused_timeout: 60_000,
    });
  });
});
