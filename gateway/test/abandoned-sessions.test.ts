import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshSchema } from "../src/config/schema.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { eventually, fixtureYaml, startTestMesh, type TestMesh } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

// Issue 11: a one-shot client (the Inspector CLI) exits without DELETE. Its event stream drops
// with it, and the gateway closes the session after session_abandoned_timeout, not 30 minutes.
const ABANDONED = "300ms";

interface OneShot {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Resolves once the gateway has accepted the client's GET event stream. */
  listening: Promise<void>;
}

/** A real SDK client, as the Inspector's CLI makes one; `fetch` only watches for the stream. */
async function connect(url: string): Promise<OneShot> {
  let listened!: () => void;
  const listening = new Promise<void>((resolve) => {
    listened = resolve;
  });
  const watching: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const stream = response.headers.get("content-type")?.includes("text/event-stream");
    if (init?.method === "GET" && response.ok && stream) listened();
    return response;
  };
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: watching });
  const client = new Client({ name: "one-shot", version: "1" });
  await client.connect(transport);
  return { client, transport, listening };
}

describe("sessions a client abandons without DELETE", () => {
  let t: TestMesh;
  let http: HttpGateway;
  let healthUrl: string;
  const sessions = async () => {
    const health = (await (await fetch(healthUrl)).json()) as { sessions: number };
    return health.sessions;
  };

  beforeAll(async () => {
    t = await startTestMesh(`servers:\n${fixtureYaml("fixture")}`);
    const gateway = meshSchema(firstPartyPlatforms).parse({
      gateway: { port: 0, session_abandoned_timeout: ABANDONED },
    }).gateway;
    http = await serveHttp(t.mesh, gateway);
    healthUrl = http.url.replace(/\/mcp$/, "/health");
  }, 60_000);
  afterAll(async () => {
    await http.close();
    await t.close();
  });

  it("closes ten one-shot sessions after the abandoned timeout, and keeps a listening one", async () => {
    // The test mesh's own in-process session counts too.
    const before = await sessions();
    const staying = await connect(http.url);
    await staying.listening;
    for (let run = 0; run < 10; run++) {
      const oneShot = await connect(http.url);
      const { tools } = await oneShot.client.listTools();
      const echo = tools.find((tool) => tool.name === "echo");
      expect(echo, "the fixture's echo tool is listed").toBeDefined();
      const result = await oneShot.client.callTool({
        name: "echo",
        arguments: { message: `run ${run}` },
      });
      expect(result.structuredContent).toMatchObject({ message: `run ${run}` });
      await oneShot.listening;
      // What a process exiting does: its connections drop; no DELETE is sent.
      await oneShot.transport.close();
    }
    await eventually(
      async () => (await sessions()) === before + 1,
      45_000,
      "the ten sessions to close",
    );

    // The session whose client still listens outlived them all, and still works.
    const { tools } = await staying.client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(await sessions()).toBe(before + 1);
    await staying.transport.terminateSession();
    await staying.client.close();
    await eventually(
      async () => (await sessions()) === before,
      45_000,
      "the DELETE to close the last one",
    );
  }, 120_000);

  it("reads session_abandoned_timeout from mesh.yaml, 15 seconds by default", () => {
    const parse = (gateway: Record<string, unknown>) =>
      meshSchema(firstPartyPlatforms).parse({ gateway }).gateway;
    expect(parse({ session_abandoned_timeout: "2m" }).session_abandoned_timeout).toBe(120_000);
    expect(parse({}).session_abandoned_timeout).toBe(15_000);
  });
});
