import { PassThrough } from "node:stream";
import { readEnvelope } from "@agent-mesh/core";
import { StdioServerTransport } from "@agent-mesh/core/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type CallToolResult,
  ElicitRequestSchema,
  type JSONRPCMessage,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshSchema } from "../src/config/schema.js";
import { STDIO_CALLER } from "../src/mesh.js";
import { type HttpGateway, serveHttp } from "../src/serve/http.js";
import { callTool, startTestMesh, type TestMesh } from "./helpers.js";
import { firstPartyPlatforms } from "./platforms.js";

const CI_TOKEN = "ci-token-0123456789abcdef";

/** The value of one sample line of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (wanted.every((label) => line.includes(label))) return Number(line.split(" ").at(-1));
  }
  return undefined;
}

/** A client linked to a stdio session of the mesh through two pipes, as `start --stdio` serves. */
async function stdioClient(t: TestMesh): Promise<Client> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  await t.mesh.connectSession(STDIO_CALLER).connect(new StdioServerTransport(toServer, toClient));
  const client = new Client({ name: "stdio-test", version: "1" });
  await client.connect(new PipeClientTransport(toClient, toServer));
  return client;
}

describe("the call pipeline", () => {
  let t: TestMesh;
  let http: HttpGateway;
  let metricsUrl: string;
  beforeAll(async () => {
    t = await startTestMesh("integrations:\n  vercel: {}\n");
    const gateway = meshSchema(firstPartyPlatforms).parse({
      gateway: { port: 0, clients: { ci: { token: CI_TOKEN, roles: ["deployer"] } } },
    }).gateway;
    http = await serveHttp(t.mesh, gateway);
    metricsUrl = http.url.replace(/\/mcp$/, "/metrics");
  });
  afterAll(async () => {
    await http.close();
    await t.close();
  });

  const scrape = async () => {
    const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${CI_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    return res.text();
  };

  it("serves /metrics behind the same tokens as /mcp", async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: "Bearer nope" } })).status).toBe(
      401,
    );
    expect(await scrape()).toContain("# TYPE agent_mesh_tool_calls_total counter");
  });

  it("counts calls over HTTP by tool, downstream and the named client", async () => {
    const client = new Client({ name: "http-test", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: `Bearer ${CI_TOKEN}` } },
      }),
    );
    await client.listTools();
    const ok = await client.callTool({ name: "vercel_project_list", arguments: {} });
    expect(ok.isError).toBeFalsy();
    // The SDK's own callTool, as the Inspector uses it, gets the real envelope of a failure.
    const failed = await client.callTool({
      name: "vercel_deployment_get",
      arguments: { deployment_id: "dpl_nope" },
    });
    expect(failed.isError).toBe(true);
    expect(readEnvelope(failed as CallToolResult)).toMatchObject({
      code: "not_found",
      operation: "vercel_deployment_get",
    });
    await client.close();
    const text = await scrape();
    const labels = { tool: "vercel_project_list", downstream: "vercel", client: "ci" };
    expect(sample(text, "agent_mesh_tool_calls_total", { ...labels, outcome: "ok" })).toBe(1);
    expect(
      sample(text, "agent_mesh_tool_call_errors_total", {
        tool: "vercel_deployment_get",
        client: "ci",
        code: "not_found",
      }),
    ).toBe(1);
    expect(sample(text, "agent_mesh_tool_call_duration_seconds_count", labels)).toBe(1);
    expect(
      sample(text, "agent_mesh_downstream_state", { downstream: "vercel", state: "ready" }),
    ).toBe(1);
  });

  it("counts calls from a stdio session as the stdio caller", async () => {
    const client = await stdioClient(t);
    await client.listTools();
    const result = await client.callTool({ name: "vercel_project_list", arguments: {} });
    expect(result.isError).toBeFalsy();
    await client.close();
    const labels = { tool: "vercel_project_list", client: "stdio", outcome: "ok" };
    expect(sample(await scrape(), "agent_mesh_tool_calls_total", labels)).toBe(1);
  });

  it("passes a call made through search mode's mesh_tool_call by the same stages", async () => {
    const search = await startTestMesh("integrations:\n  vercel: {}\ntools:\n  search: on\n");
    try {
      const before = await search.mesh.metrics.text();
      expect(sample(before, "agent_mesh_tool_calls_total", { tool: "vercel_project_list" })).toBe(
        undefined,
      );
      const result = await search.client.callTool({
        name: "mesh_tool_call",
        arguments: { name: "vercel_project_list", arguments: {} },
      });
      expect(result.isError).toBeFalsy();
      const labels = { tool: "vercel_project_list", client: "test", outcome: "ok" };
      expect(sample(await search.mesh.metrics.text(), "agent_mesh_tool_calls_total", labels)).toBe(
        1,
      );
    } finally {
      await search.close();
    }
  });

  it("takes calls without any MCP session, from the caller given", async () => {
    const result = await t.mesh.callTool({
      caller: { id: "nightly", name: "nightly job", kind: "workflow", roles: [] },
      name: "vercel_project_list",
      arguments: {},
    });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { projects: unknown[] }).projects.length).toBeGreaterThan(
      0,
    );
    const labels = { tool: "vercel_project_list", client: "nightly", outcome: "ok" };
    expect(sample(await scrape(), "agent_mesh_tool_calls_total", labels)).toBe(1);
    await expect(
      t.mesh.callTool({ caller: STDIO_CALLER, name: "vercel_nope", arguments: {} }),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it("sends each client the elicitation its own call caused, with two calls on one downstream at once", async () => {
    const create = async (ref: string) => {
      const result = await callTool(t.client, "vercel_deployment_create", { project: "web", ref });
      return (result.structuredContent as { id: string }).id;
    };
    const [first, second] = [await create("main"), await create("feature")];
    const asked: { a: string[]; b: string[] } = { a: [], b: [] };
    let release!: () => void;
    const bothAsked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = async (name: "a" | "b") => {
      const c = await t.connect({ elicitation: { form: {} } });
      c.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked[name].push(request.params.message);
        if (asked.a.length + asked.b.length === 2) release();
        // Neither answers before both questions are out: the two calls overlap downstream.
        await bothAsked;
        return { action: "accept", content: { confirm: true } };
      });
      return c;
    };
    const [a, b] = [await client("a"), await client("b")];
    const results = await Promise.all([
      callTool(a, "vercel_deployment_cancel", { deployment_id: first }),
      callTool(b, "vercel_deployment_cancel", { deployment_id: second }),
    ]);
    // Confirmed by each person, so each cancel reached Vercel (a fast sandbox build may already
    // be READY, which Vercel refuses to cancel: that answer still comes from the platform).
    for (const result of results)
      expect(JSON.stringify(result)).not.toContain("confirmation_required");
    expect(asked.a).toHaveLength(1);
    expect(asked.b).toHaveLength(1);
    expect(asked.a[0]).toContain(first);
    expect(asked.b[0]).toContain(second);
    const cancels = t.sandbox.recorder.to("vercel", /\/cancel$/).map((r) => r.path);
    expect(cancels.sort()).toEqual(
      [`/v12/deployments/${first}/cancel`, `/v12/deployments/${second}/cancel`].sort(),
    );
  });
});

/** The client side of a stdio connection over two in-process pipes. */
class PipeClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer = "";

  constructor(
    private readonly input: PassThrough,
    private readonly output: PassThrough,
  ) {}

  async start(): Promise<void> {
    this.input.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString("utf8");
      for (let at = this.buffer.indexOf("\n"); at >= 0; at = this.buffer.indexOf("\n")) {
        const line = this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + 1);
        if (line.trim()) this.onmessage?.(JSON.parse(line) as JSONRPCMessage);
      }
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    this.output.end();
    this.onclose?.();
  }
}
