import { createHash } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, callerOf } from "../src/index.js";
import { listenMcpHttp, type McpHttpServer } from "../src/node.js";

const CI = "ci-token-0123456789abcdef";
const ALICE = "alice-token-0123456789abcdef";
const BARE = "bare-token-0123456789abcdef";

describe("callers over HTTP", () => {
  const opened: Caller[] = [];
  const seen: Array<Caller | undefined> = [];
  let mcp: McpHttpServer;
  beforeAll(async () => {
    mcp = await listenMcpHttp({
      createServer: (caller) => {
        opened.push(caller);
        // A server whose tools/list records the caller its handler is given, as the gateway's do.
        const server = new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
          seen.push(callerOf(extra));
          return { tools: [] };
        });
        return server;
      },
      host: "127.0.0.1",
      port: 0,
      tokens: [BARE],
      clients: [
        {
          id: "ci",
          tokenSha256: createHash("sha256").update(CI).digest("hex"),
          roles: ["deployer"],
        },
        {
          id: "alice",
          name: "Alice",
          tokenSha256: createHash("sha256").update(ALICE).digest(),
          tenant: "acme",
        },
      ],
      routes: [
        {
          method: "GET",
          path: "/whoami",
          handle: (_req, res, caller) => void res.end(JSON.stringify(caller)),
        },
      ],
    });
  });
  afterAll(() => mcp.close());

  const whoami = async (token?: string) => {
    const res = await fetch(mcp.url.replace(/\/mcp$/, "/whoami"), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await res.text() };
  };

  it("names the client whose token matched, with its roles, tenant and address", async () => {
    expect(JSON.parse((await whoami(CI)).body)).toEqual({
      id: "ci",
      name: "ci",
      kind: "token",
      roles: ["deployer"],
      address: "127.0.0.1",
    });
    expect(JSON.parse((await whoami(ALICE)).body)).toMatchObject({
      id: "alice",
      name: "Alice",
      tenant: "acme",
    });
    const bare = JSON.parse((await whoami(BARE)).body) as Caller;
    expect(bare.id).toMatch(/^token-[0-9a-f]{8}$/);
    expect(JSON.stringify(bare)).not.toContain(BARE);
  });

  it("refuses extra routes without a token, like /mcp", async () => {
    expect((await whoami()).status).toBe(401);
    expect((await whoami("wrong-token-0123456789")).status).toBe(401);
  });

  it("hands the caller to the session's server and to every request handler", async () => {
    const client = new Client({ name: "t", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(mcp.url), {
      requestInit: { headers: { authorization: `Bearer ${CI}` } },
    });
    await client.connect(transport);
    await client.listTools();
    expect(opened.at(-1)?.id).toBe("ci");
    expect(seen.at(-1)).toMatchObject({ id: "ci", roles: ["deployer"] });

    // The session is ci's: another client's token does not reach it.
    const foreign = await fetch(mcp.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${ALICE}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": transport.sessionId!,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list" }),
    });
    expect(foreign.status).toBe(404);
    await client.close();
  });
});
