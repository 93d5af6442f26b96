import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { type Untrusted, useAwsSandbox } from "./setup.js";

const aws = useAwsSandbox();
type Query = {
  query_id: string;
  status: string;
  rows: Untrusted<Array<Record<string, string>>>;
  statistics: { records_matched: number; records_scanned: number; bytes_scanned: number };
};
type Metrics = {
  label: string;
  datapoints: Array<{ timestamp: string; sum?: number; average?: number; unit: string }>;
};

describe("aws_logs_query", () => {
  it("runs an Insights query, reports progress while it runs and returns rows", async () => {
    const session = await aws.connect();
    const progress: string[] = [];
    const result = await session.call(
      "aws_logs_query",
      {
        query:
          'fields @timestamp, route, status | filter level = "ERROR" | sort @timestamp desc | limit 5',
        start: "6h",
      },
      { onprogress: (p) => progress.push(p.message ?? "") },
    );
    const out = structured<Query>(result);
    expect(out.status).toBe("Complete");
    expect(out.rows.notice).toMatch(/untrusted/i);
    expect(out.rows.data).toHaveLength(5);
    expect(out.rows.data[0]).toEqual({
      "@timestamp": expect.any(String),
      route: expect.any(String),
      status: "500",
    });
    // Six hours of events logged every six minutes: 60, or 59 once the oldest slides out of range.
    expect(out.statistics.records_scanned).toBeGreaterThanOrEqual(59);
    expect(out.statistics.records_scanned).toBeLessThanOrEqual(60);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^(Scheduled|Running): /);
    const [start] = aws.received("Logs_20140328.StartQuery");
    expect(start?.body).toMatchObject({ logGroupNames: ["/agent-mesh/sandbox/app"], limit: 100 });
    const body = start?.body as { startTime: number; endTime: number };
    expect(body.endTime - body.startTime).toBeGreaterThanOrEqual(6 * 3600);
    expect(body.endTime - body.startTime).toBeLessThanOrEqual(6 * 3600 + 2);
  });

  it("aggregates with stats ... by", async () => {
    const session = await aws.connect();
    const out = structured<Query>(
      await session.call("aws_logs_query", {
        query: "stats count(*) as n by level",
        start: "2d",
      }),
    );
    const byLevel = Object.fromEntries(out.rows.data.map((r) => [r.level, Number(r.n)]));
    expect(byLevel).toEqual({ INFO: 144, WARN: 48, ERROR: 48 });
  });

  it("stops the query in CloudWatch when the call is cancelled", async () => {
    const session = await aws.connect();
    aws.sandbox.recorder.clear();
    const controller = new AbortController();
    const call = session.call(
      "aws_logs_query",
      { query: "fields @message", start: "1h" },
      { signal: controller.signal, onprogress: () => controller.abort("changed my mind") },
    );
    await expect(call).rejects.toThrow();
    await expect.poll(() => aws.received("Logs_20140328.StopQuery").length).toBe(1);
    const polled = aws.received("Logs_20140328.GetQueryResults")[0]?.body as
      | { queryId: string }
      | undefined;
    const queryId = polled?.queryId;
    expect(queryId).toEqual(expect.any(String));
    expect(aws.received("Logs_20140328.StopQuery")[0]?.body).toEqual({ queryId });
  });

  it("passes Insights' compile errors through and bounds the time range", async () => {
    const session = await aws.connect();
    const malformed = expectEnvelope(
      await session.call("aws_logs_query", { query: "bogus things" }),
    );
    expect(malformed.code).toBe("invalid_request");
    expect(malformed.message).toContain("MalformedQueryException");
    const wide = expectEnvelope(
      await session.call("aws_logs_query", { query: "fields @message", start: "45d" }),
    );
    expect(wide.code).toBe("invalid_request");
    expect(wide.message).toContain("at most 30 days");
    const backwards = expectEnvelope(
      await session.call("aws_logs_query", { query: "fields @message", start: "now", end: "1h" }),
    );
    expect(backwards.message).toContain("must be before end");
    const garbage = expectEnvelope(
      await session.call("aws_logs_query", { query: "fields @message", start: "yesterday" }),
    );
    expect(garbage.message).toContain('start "yesterday" is not a time');
  });

  it("refuses log groups outside AGENT_MESH_AWS_LOG_GROUPS before calling AWS", async () => {
    const session = await aws.connect();
    const before = aws.all().length;
    const error = expectEnvelope(
      await session.call("aws_logs_query", {
        query: "fields @message",
        log_groups: ["/aws/lambda/payments"],
      }),
    );
    expect(error.code).toBe("policy_denied");
    expect(aws.all()).toHaveLength(before);
  });
});

describe("aws_metric_statistics_get", () => {
  it("reads statistics per period, oldest first", async () => {
    const session = await aws.connect();
    const out = structured<Metrics>(
      await session.call("aws_metric_statistics_get", {
        namespace: "AgentMesh/Sandbox",
        metric_name: "Requests",
        dimensions: { Service: "api" },
        statistics: ["Sum", "Average"],
        start: "1h",
        period_seconds: 600,
      }),
    );
    expect(out.label).toBe("Requests");
    expect(out.datapoints.length).toBeGreaterThanOrEqual(6);
    const times = out.datapoints.map((d) => d.timestamp);
    expect(times).toEqual([...times].sort());
    expect(out.datapoints[0]).toEqual({
      timestamp: expect.any(String),
      unit: "Count",
      sum: expect.any(Number),
      average: expect.any(Number),
    });
    expect(
      aws.received("GraniteServiceVersion20100801.GetMetricStatistics")[0]?.body,
    ).toMatchObject({
      Namespace: "AgentMesh/Sandbox",
      MetricName: "Requests",
      Dimensions: [{ Name: "Service", Value: "api" }],
      Period: 600,
      Statistics: ["Sum", "Average"],
    });
  });

  it("refuses more datapoints than CloudWatch returns, with the period that would fit", async () => {
    const session = await aws.connect();
    const error = expectEnvelope(
      await session.call("aws_metric_statistics_get", {
        namespace: "AgentMesh/Sandbox",
        metric_name: "Requests",
        start: "7d",
        period_seconds: 60,
      }),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/10080 datapoints.*at least 420/);
  });

  it("limits namespaces when AGENT_MESH_AWS_METRIC_NAMESPACES is set", async () => {
    const session = await aws.connect({ AGENT_MESH_AWS_METRIC_NAMESPACES: "AWS/*" });
    const denied = expectEnvelope(
      await session.call("aws_metric_statistics_get", {
        namespace: "AgentMesh/Sandbox",
        metric_name: "Requests",
      }),
    );
    expect(denied.code).toBe("policy_denied");
    const allowed = structured<Metrics>(
      await session.call("aws_metric_statistics_get", {
        namespace: "AWS/Lambda",
        metric_name: "Invocations",
        dimensions: { FunctionName: "agent-mesh-sandbox" },
        statistics: ["Sum"],
      }),
    );
    expect(allowed.datapoints.length).toBeGreaterThan(0);
  });
});
