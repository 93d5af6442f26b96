import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "@agent-mesh/core";
import { type RunningSandbox, STRIPE_SANDBOX_KEYS, startSandbox } from "@agent-mesh/sandbox";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mesh } from "../src/mesh.js";
import {
  startTracing,
  TELEMETRY_DEFAULTS,
  type Tracing,
  tracesUrl,
  withTraceIds,
} from "../src/tracing/index.js";
import { config, eventually, FIXTURE, TEST_CALLER } from "./helpers.js";
import { type ReceivedSpan, startOtlpReceiver } from "./otlp-receiver.js";
import { firstPartyPlatforms } from "./platforms.js";

const SERVER = 2;
const CLIENT = 3;

describe("tracing: a call through the gateway exports connected spans over OTLP/HTTP", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let sandbox: RunningSandbox;
  let tracing: Tracing | undefined;
  let mesh: Mesh;
  let client: Client;
  const lines: string[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sandbox = await startSandbox({ stepMs: 20 });
    const meshConfig = config(
      [
        "telemetry:",
        `  otlp_endpoint: ${receiver.url}`,
        "  service_name: mesh-under-test",
        "  headers:",
        "    x-collector-key: collector-key-0123456789",
        "servers:",
        "  fixture:",
        `    command: ${JSON.stringify(process.execPath)}`,
        `    args: [${JSON.stringify(FIXTURE)}]`,
        "",
      ].join("\n"),
    );
    // As startMesh does: tracing from `telemetry:`, the logger tagging lines with trace ids.
    tracing = await startTracing(meshConfig.telemetry, {});
    expect(tracing).toBeDefined();
    mesh = new Mesh({
      platforms: firstPartyPlatforms,
      env: { ...sandbox.env, AGENT_MESH_LOG_LEVEL: "error" },
      logger: withTraceIds(
        createLogger({ name: "agent-mesh", level: "info", write: (l) => lines.push(l) }),
      ),
      tracing,
    });
    await mesh.apply(meshConfig);
    await mesh.settled(30_000);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: "tracing-test", version: "1.0.0" });
    await mesh.connectSession(TEST_CALLER).connect(serverSide);
    await client.connect(clientSide);
  }, 600_000);

  afterAll(async () => {
    await client?.close();
    await mesh?.close();
    await tracing?.shutdown();
    await sandbox?.close();
    await receiver?.close();
  });

  const exported = async (check: (spans: ReceivedSpan[]) => boolean) => {
    await eventually(
      async () => {
        await tracing?.flush();
        return check(receiver.spans);
      },
      30_000,
      "the spans to reach the collector",
    );
  };

  it("pipeline -> downstream -> SDK HTTP request, one trace, MCP attributes, no secret", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("stripe_customer_list");
    const result = await client.callTool({ name: "stripe_customer_list", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toHaveProperty("customers");

    let call: ReceivedSpan | undefined;
    await exported((spans) => {
      call = spans.find((s) => s.name === "tools/call stripe_customer_list" && s.kind === SERVER);
      return (
        call !== undefined &&
        spans.some((s) => s.traceId === call?.traceId && s.attributes["http.request.method"])
      );
    });
    if (!call) throw new Error("no call span");
    const trace = receiver.spans.filter((s) => s.traceId === call?.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    expect(call.service).toBe("mesh-under-test");
    expect(call.attributes).toMatchObject({
      "mcp.method.name": "tools/call",
      "gen_ai.tool.name": "stripe_customer_list",
      "gen_ai.operation.name": "execute_tool",
      "agent_mesh.client.id": "test",
      "agent_mesh.downstream": "stripe",
    });
    expect(call.attributes["jsonrpc.request.id"]).toEqual(expect.any(String));

    // Each stage's span is the child of the one before, in the pipeline's order.
    const chain = ["measure", "audit", "meter", "policy", "approval", "timeout"];
    let parent = call;
    for (const stage of chain) {
      const span = trace.find((s) => s.attributes["agent_mesh.stage"] === stage);
      expect(span, stage).toBeDefined();
      expect(span?.parentSpanId, stage).toBe(parent.spanId);
      parent = span as ReceivedSpan;
    }
    const downstream = trace.find((s) => s.kind === CLIENT && s.name.startsWith("tools/call"));
    expect(downstream?.parentSpanId).toBe(parent.spanId);
    expect(downstream?.attributes).toMatchObject({
      "mcp.method.name": "tools/call",
      "gen_ai.tool.name": "stripe_customer_list",
    });

    const http = trace.filter((s) => s.attributes["http.request.method"]);
    expect(http.length).toBeGreaterThan(0);
    for (const span of http) {
      expect(span.kind).toBe(CLIENT);
      expect(span.parentSpanId).toBe(downstream?.spanId);
      expect(span.attributes).toMatchObject({
        "http.request.method": "GET",
        "server.address": "127.0.0.1",
        "url.path": "/v1/customers",
        "http.response.status_code": 200,
      });
      expect(span.attributes["server.port"]).toEqual(expect.any(Number));
    }
    for (const span of trace) expect(byId.has(span.parentSpanId) || span === call).toBe(true);

    // The Stripe key travels in the SDK's Authorization header: it is in no attribute.
    const everything = JSON.stringify(receiver.spans);
    expect(everything).not.toContain(STRIPE_SANDBOX_KEYS.secret);
    expect(everything).not.toContain("Bearer");
    // The collector got mesh.yaml's headers.
    expect(receiver.requests[0]?.headers["x-collector-key"]).toBe("collector-key-0123456789");

    // The call's log line carries its trace id.
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === "call stripe_customer_list");
    expect(logged).toMatchObject({ trace_id: call.traceId, span_id: expect.any(String) });
    expect(byId.has(String(logged?.span_id))).toBe(true);
  }, 60_000);

  it("passes traceparent downstream in _meta, and joins the caller's trace", async () => {
    const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    const result = await client.callTool({
      name: "echo",
      arguments: { message: "hi" },
      _meta: { traceparent: `00-${callerTrace}-${callerSpan}-01` },
    });
    const echoed = JSON.parse((result.content as Array<{ text: string }>)[0]?.text ?? "{}");
    const sent = String(echoed.meta?.traceparent);
    expect(sent).toMatch(new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`));

    let downstream: ReceivedSpan | undefined;
    await exported((spans) => {
      downstream = spans.find((s) => s.traceId === callerTrace && s.kind === CLIENT);
      return downstream !== undefined;
    });
    // The third-party server saw the downstream call's own span as its parent.
    expect(sent.split("-")[2]).toBe(downstream?.spanId);
    expect(downstream?.attributes["network.transport"]).toBe("pipe");
    const call = receiver.spans.find((s) => s.traceId === callerTrace && s.kind === SERVER);
    expect(call?.parentSpanId).toBe(callerSpan);
  }, 60_000);

  it("marks a failed call's span with error.type", async () => {
    const result = await client.callTool({ name: "fail", arguments: {} });
    expect(result.isError).toBe(true);
    let failed: ReceivedSpan | undefined;
    await exported((spans) => {
      failed = spans.find((s) => s.name === "tools/call fail" && s.kind === SERVER);
      return failed !== undefined;
    });
    expect(failed?.attributes["error.type"]).toBe("tool_error");
    expect(failed?.status.code).toBe(2);
  }, 60_000);
});

describe("tracing is off unless a collector is named", () => {
  it("starts nothing by default, and follows OTEL_* variables and enabled", async () => {
    expect(await startTracing(TELEMETRY_DEFAULTS, {})).toBeUndefined();
    const off = { ...TELEMETRY_DEFAULTS, enabled: false, otlp_endpoint: "http://127.0.0.1:4318" };
    expect(await startTracing(off, {})).toBeUndefined();
    const sdkOff = { ...TELEMETRY_DEFAULTS, otlp_endpoint: "http://127.0.0.1:4318" };
    expect(await startTracing(sdkOff, { OTEL_SDK_DISABLED: "true" })).toBeUndefined();
    const fromEnv = await startTracing(TELEMETRY_DEFAULTS, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
    });
    expect(fromEnv).toBeDefined();
    await fromEnv?.shutdown();
  });

  it("appends /v1/traces to a base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT does", () => {
    expect(tracesUrl("https://otlp.nr-data.net")).toBe("https://otlp.nr-data.net/v1/traces");
    expect(tracesUrl("http://127.0.0.1:4318/")).toBe("http://127.0.0.1:4318/v1/traces");
    expect(tracesUrl("http://collector/v1/traces")).toBe("http://collector/v1/traces");
  });

  it("accepts every mesh.yaml sample in docs/observability.md", async () => {
    const guide = join(
      dirname(fileURLToPath(import.meta.url)),
      "..",
      "..",
      "docs",
      "observability.md",
    );
    const text = await readFile(guide, "utf8");
    const samples = [...text.matchAll(/<!-- docs-config: (\w+) -->\n```yaml\n([\s\S]*?)```/g)];
    expect(samples.map((m) => m[1])).toEqual(["telemetry", "datadog", "newrelic", "costs"]);
    for (const [, name, yaml] of samples) {
      const parsed = config(yaml ?? "", { NEW_RELIC_LICENSE_KEY: "nr-license-key-0123456789" });
      expect(parsed, name).toBeDefined();
    }
    const nr = config(samples[2]?.[2] ?? "", { NEW_RELIC_LICENSE_KEY: "nr-key" }).telemetry;
    expect(nr.headers).toEqual({ "api-key": "nr-key" });
    expect(tracesUrl(nr.otlp_endpoint)).toBe("https://otlp.nr-data.net:4318/v1/traces");
  });

  it("rejects a telemetry endpoint that is not a URL, naming the key", () => {
    expect(() => config("telemetry:\n  otlp_endpoint: collector:4318\n")).toThrow(/otlp_endpoint/);
  });
});
