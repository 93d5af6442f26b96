import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, createServer, PlatformError, quote, toEnvelope } from "../src/index.js";
import { listenMcpHttp, type McpHttpServer } from "../src/node.js";
import { demoEnv, demoPlatform } from "./fixtures/demo-platform.js";

// Issue 10: every request with an id gets exactly one answer, over real HTTP.
const runtime = createRuntime(demoPlatform, { env: demoEnv });
let mcp: McpHttpServer;

beforeAll(async () => {
  mcp = await listenMcpHttp({
    createServer: () => createServer(demoPlatform, { runtime }),
    host: "127.0.0.1",
    port: 0,
  });
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

async function post(body: unknown, session?: string, url = mcp.url) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(session ? { "mcp-session-id": session } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, session: response.headers.get("mcp-session-id"), body: text };
}

async function open(url = mcp.url): Promise<string> {
  const opened = await post(initialize, undefined, url);
  expect(opened.status).toBe(200);
  return opened.session!;
}

describe("malformed requests are answered (item 1)", () => {
  it("answers params that are not an object with -32600 and the request's id", async () => {
    const session = await open();
    for (const params of ["x", 42, [1], null, true]) {
      const answer = await post({ jsonrpc: "2.0", id: 9, method: "ping", params }, session);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ id: 9, error: { code: -32600 } });
    }
  });

  it("answers what the SDK would drop: unknown members, fractional ids, a bad _meta", async () => {
    const session = await open();
    const cases = [
      [{ jsonrpc: "2.0", id: 3, method: "ping", extra: 1 }, 3],
      [{ jsonrpc: "2.0", id: 1.5, method: "ping" }, null],
      [{ jsonrpc: "2.0", id: 4, method: "ping", params: { _meta: "x" } }, 4],
      [{ jsonrpc: "2.0", id: 5, method: "ping", params: { _meta: { progressToken: {} } } }, 5],
      [{ jsonrpc: "1.0", id: 6, method: "ping" }, 6],
      [{ jsonrpc: "2.0", id: 7, method: 12 }, 7],
    ] as const;
    for (const [message, id] of cases) {
      const answer = await post(message, session);
      expect(JSON.parse(answer.body), JSON.stringify(message)).toMatchObject({
        id,
        error: { code: -32600 },
      });
    }
  });

  it("answers every member of a batch: the valid call runs and is answered beside the refusal", async () => {
    const session = await open();
    const name = `batch-${Date.now()}`;
    const answer = await post(
      [
        { jsonrpc: "2.0", id: 9, method: "ping", params: "x" },
        {
          jsonrpc: "2.0",
          id: 10,
          method: "tools/call",
          params: { name: "demo_item_create", arguments: { name } },
        },
      ],
      session,
    );
    expect(answer.status).toBe(200);
    const answers = JSON.parse(answer.body) as Array<{ id: number; error?: { code: number } }>;
    expect(answers.map((a) => a.id).sort((a, b) => a - b)).toEqual([9, 10]);
    expect(answers.find((a) => a.id === 9)?.error?.code).toBe(-32600);
    expect(answers.find((a) => a.id === 10)).toMatchObject({
      result: { structuredContent: { name } },
    });
  });

  it("answers a batch of only malformed members with their errors", async () => {
    const session = await open();
    const answer = await post([1, { jsonrpc: "2.0", id: 2, method: "ping", params: [] }], session);
    expect(JSON.parse(answer.body)).toMatchObject([
      { id: null, error: { code: -32600 } },
      { id: 2, error: { code: -32600 } },
    ]);
  });

  it("holds no socket: a malformed request with 100 KB of params is answered and closed", async () => {
    const session = await open();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post({ jsonrpc: "2.0", id: i, method: "ping", params: "p".repeat(100_000) }, session),
      ),
    );
    expect(answers.every((a) => JSON.parse(a.body).error.code === -32600)).toBe(true);
  });
});

describe("non-object arguments (item 3)", () => {
  it("answers -32602 with one sentence for null, [], a string and a number", async () => {
    const session = await open();
    for (const [args, kind] of [
      [null, "null"],
      [[], "an array"],
      ["x", "a string"],
      [42, "a number"],
    ] as const) {
      const answer = await post(
        {
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "demo_item_get", arguments: args },
        },
        session,
      );
      const { error } = JSON.parse(answer.body) as { error: { code: number; message: string } };
      expect(error.code).toBe(-32602);
      expect(error.message).toBe(
        `Invalid params for tools/call: "arguments" must be an object, not ${kind}`,
      );
    }
  });
});

describe("error messages (item 4)", () => {
  it("are sent without the SDK's 'MCP error' prefix, so a client shows it once", async () => {
    const session = await open();
    const answer = await post(
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "demo_item_get", arguments: { id: "crash" } },
      },
      session,
    );
    const { error } = JSON.parse(answer.body) as { error: { code: number; message: string } };
    expect(error).toEqual({
      code: -32603,
      message: "Internal error in demo_item_get; the server's log has the details",
    });
  });
});

describe("Host header case (item 8)", () => {
  function get(path: string, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      request({ host: "127.0.0.1", port: mcp.port, path, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .once("error", reject)
        .end();
    });
  }

  it("treats LOCALHOST:<port> like localhost:<port> on /health and /mcp", async () => {
    expect(await get("/health", `LOCALHOST:${mcp.port}`)).toBe(200);
    expect(await get("/health", `localhost:${mcp.port}`)).toBe(200);
    // GET /mcp without a session is refused for the session, not for the host.
    expect(await get("/mcp", `LOCALHOST:${mcp.port}`)).toBe(400);
    expect(await get("/health", `evil.example:${mcp.port}`)).toBe(403);
  });
});

describe("session caps (item 6)", () => {
  async function until(condition: () => boolean, what: string) {
    const deadline = Date.now() + 30_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("evicts the least recently used idle session of a client at its cap", async () => {
    const server = await listenMcpHttp({
      createServer: () => createServer(demoPlatform, { runtime }),
      host: "127.0.0.1",
      port: 0,
      sessions: { maxSessionsPerClient: 2 },
    });
    try {
      const first = await open(server.url);
      const second = await open(server.url);
      // The first is used again, so the second is now the least recently used.
      expect(
        (await post({ jsonrpc: "2.0", id: 2, method: "ping" }, first, server.url)).status,
      ).toBe(200);
      const third = await open(server.url);
      expect(server.sessions).toBe(2);
      expect(
        (await post({ jsonrpc: "2.0", id: 3, method: "ping" }, second, server.url)).status,
      ).toBe(404);
      expect(
        (await post({ jsonrpc: "2.0", id: 3, method: "ping" }, first, server.url)).status,
      ).toBe(200);
      expect(
        (await post({ jsonrpc: "2.0", id: 3, method: "ping" }, third, server.url)).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("counts clients by clientKey and caps the whole server", async () => {
    let who = "a";
    const server = await listenMcpHttp({
      createServer: () => createServer(demoPlatform, { runtime }),
      host: "127.0.0.1",
      port: 0,
      sessions: { maxSessions: 3, maxSessionsPerClient: 2, clientKey: () => who },
    });
    try {
      const a1 = await open(server.url);
      await open(server.url);
      who = "b";
      await open(server.url);
      await open(server.url);
      expect(server.sessions).toBe(3);
      // a1 was the least recently used of all when b's second session needed room.
      expect((await post({ jsonrpc: "2.0", id: 3, method: "ping" }, a1, server.url)).status).toBe(
        404,
      );
    } finally {
      await server.close();
    }
  });

  it("closes a session that never sent a request after initialize much sooner", async () => {
    const server = await listenMcpHttp({
      createServer: () => createServer(demoPlatform, { runtime }),
      host: "127.0.0.1",
      port: 0,
      sessions: { unusedIdleMs: 50, idleMs: 60 * 60_000 },
    });
    try {
      const unused = await open(server.url);
      const used = await open(server.url);
      expect((await post({ jsonrpc: "2.0", id: 2, method: "ping" }, used, server.url)).status).toBe(
        200,
      );
      await until(() => server.sessions === 1, "the unused session to expire");
      expect(
        (await post({ jsonrpc: "2.0", id: 3, method: "ping" }, unused, server.url)).status,
      ).toBe(404);
      expect((await post({ jsonrpc: "2.0", id: 3, method: "ping" }, used, server.url)).status).toBe(
        200,
      );
    } finally {
      await server.close();
    }
  });
});

describe("messages quote input briefly (item 5)", () => {
  it("quote() keeps a short, escaped prefix and says how long the value was", () => {
    expect(quote("abc")).toBe('"abc"');
    expect(quote("a\r\nb")).toBe('"a\\r\\nb"');
    expect(quote("x".repeat(1_000_000), 8)).toBe('"xxxxxxxx"… (1000000 characters)');
  });

  it("cuts an envelope message that a platform made huge", () => {
    const envelope = toEnvelope(
      "demo",
      "demo_item_get",
      new PlatformError("conflict", "y".repeat(50_000)),
    );
    expect(envelope.message.length).toBeLessThan(2_100);
    expect(envelope.message).toContain("of 50000 characters");
  });
});
