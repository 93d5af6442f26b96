import { createServer } from "node:net";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useSegmentSandbox } from "./setup.js";

const segment = useSegmentSandbox();

const publicApi = () => segment.sandbox.recorder.to("segment").filter((r) => r.method === "GET");

describe("segment_source_list", () => {
  it("pages through the workspace's sources with the Public API's cursor", async () => {
    const session = await segment.connect();
    const before = publicApi().length;
    const first = structured<{ sources: Array<{ id: string }>; next_cursor: string | null }>(
      await session.call("segment_source_list", { limit: 2 }),
    );
    expect(first.sources.map((s) => s.id)).toEqual(["src_server", "src_web"]);
    expect(first.sources[0]).toMatchObject({
      slug: "node-server",
      enabled: true,
      type: "Node.js",
      labels: ["environment:prod"],
    });
    expect(first.next_cursor).not.toBeNull();
    const second = structured<{
      sources: Array<{ id: string; enabled: boolean }>;
      next_cursor: string | null;
    }>(await session.call("segment_source_list", { limit: 2, cursor: first.next_cursor }));
    expect(second.sources).toEqual([
      expect.objectContaining({ id: "src_throttled", enabled: true }),
      expect.objectContaining({ id: "src_legacy", enabled: false }),
    ]);
    expect(second.next_cursor).toBeNull();
    const sent = publicApi().slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/sources", "/sources"]);
    expect(sent[0]?.headers.authorization).toBe("Bearer sandbox-segment-public-api-token");
    expect(sent[0]?.query).toMatchObject({ "pagination[count]": "2" });
    expect(sent[1]?.query["pagination[cursor]"]).toBeDefined();
  });

  it("a cursor the tool did not issue is invalid_request, nothing sent", async () => {
    const session = await segment.connect();
    const before = publicApi().length;
    expectEnvelope(
      await session.call("segment_source_list", { cursor: "not-a-cursor" }),
      "invalid_request",
    );
    expect(publicApi()).toHaveLength(before);
  });

  it("SEGMENT_SOURCES keeps only the allowed sources", async () => {
    const session = await segment.connect({ SEGMENT_SOURCES: "src_web" });
    const out = structured<{ sources: Array<{ id: string }> }>(
      await session.call("segment_source_list", {}),
    );
    expect(out.sources.map((s) => s.id)).toEqual(["src_web"]);
  });

  it("a rejected token is authentication_error naming SEGMENT_PUBLIC_API_TOKEN", async () => {
    const token = "sgp_wrong_secret_token";
    const session = await segment.connect({ SEGMENT_PUBLIC_API_TOKEN: token });
    const result = await session.call("segment_source_list", {});
    const envelope = expectEnvelope(result, "authentication_error");
    expect(envelope.message).toContain("SEGMENT_PUBLIC_API_TOKEN");
    expect(envelope.details).toMatchObject({ status: 401, platform_code: "unauthorized" });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("a 429 from the Public API is rate_limited with Retry-After", async () => {
    segment.sandbox.faults.add({
      platform: "segment",
      match: { method: "GET", path: "/sources" },
      status: 429,
      headers: { "retry-after": "7", "content-type": "application/json" },
      body: { errors: [{ type: "too-many-requests", message: "Too many requests" }] },
    });
    const session = await segment.connect();
    const envelope = expectEnvelope(await session.call("segment_source_list", {}), "rate_limited");
    expect(envelope.details).toMatchObject({ retry_after_seconds: 7, status: 429 });
  });
});

describe("an unreachable Public API", () => {
  it("is upstream_unavailable, not an internal error", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address() as { port: number };
        probe.close(() => resolve(address.port));
      });
    });
    const session = await segment.connect({ SEGMENT_PUBLIC_API_URL: `http://127.0.0.1:${port}` });
    expectEnvelope(await session.call("segment_source_list", {}), "upstream_unavailable");
  });
});

describe("segment_source_get", () => {
  it("names the write keys by fingerprint and never returns a key", async () => {
    const session = await segment.connect();
    const result = await session.call("segment_source_get", { source_id: "src_web" });
    const out = structured<{ write_keys: string[]; slug: string; tracking_plan_id: string | null }>(
      result,
    );
    expect(out).toMatchObject({ slug: "web-app", tracking_plan_id: null });
    expect(out.write_keys).toHaveLength(2);
    for (const name of out.write_keys) expect(name).toMatch(/^wk_[0-9a-f]{12}$/);
    expect(JSON.stringify(result)).not.toContain("sandbox-segment-web-write-key");
    const sent = publicApi().at(-1);
    expect(sent?.path).toBe("/sources/src_web");
  });

  it("an unknown source is not_found with Segment's error type", async () => {
    const session = await segment.connect();
    const envelope = expectEnvelope(
      await session.call("segment_source_get", { source_id: "src_nope" }),
      "not_found",
    );
    expect(envelope.details).toMatchObject({ platform_code: "not-found", status: 404 });
  });

  it("a source outside SEGMENT_SOURCES is policy_denied before any request", async () => {
    const session = await segment.connect({ SEGMENT_SOURCES: "src_server" });
    const before = publicApi().length;
    const envelope = expectEnvelope(
      await session.call("segment_source_get", { source_id: "src_web" }),
      "policy_denied",
    );
    expect(envelope.message).toContain("SEGMENT_SOURCES");
    expect(publicApi()).toHaveLength(before);
  });
});

describe("segment_destination_list", () => {
  it("lists the workspace's destinations with their enabled state", async () => {
    const session = await segment.connect();
    const out = structured<{
      destinations: Array<{ id: string; enabled: boolean; source_id: string; type: string }>;
    }>(await session.call("segment_destination_list", {}));
    expect(out.destinations).toHaveLength(4);
    expect(out.destinations.find((d) => d.id === "dst_mixpanel")).toMatchObject({
      enabled: false,
      source_id: "src_server",
      type: "Mixpanel",
    });
    expect(publicApi().at(-1)?.path).toBe("/destinations");
  });

  it("one source's destinations through its connected-destinations endpoint", async () => {
    const session = await segment.connect();
    const out = structured<{ destinations: Array<{ id: string }> }>(
      await session.call("segment_destination_list", { source_id: "src_web" }),
    );
    expect(out.destinations.map((d) => d.id)).toEqual(["dst_web_amplitude"]);
    expect(publicApi().at(-1)?.path).toBe("/sources/src_web/connected-destinations");
  });

  it("an allow-list refuses another source's destinations and filters the workspace list", async () => {
    const session = await segment.connect({ SEGMENT_SOURCES: "src_web" });
    const before = publicApi().length;
    expectEnvelope(
      await session.call("segment_destination_list", { source_id: "src_server" }),
      "policy_denied",
    );
    expect(publicApi()).toHaveLength(before);
    const out = structured<{ destinations: Array<{ source_id: string }> }>(
      await session.call("segment_destination_list", {}),
    );
    expect(out.destinations.every((d) => d.source_id === "src_web")).toBe(true);
  });
});

describe("segment_delivery_metrics_get", () => {
  it("counts what the source received and failed to ingest, per event, marked untrusted", async () => {
    const session = await segment.connect();
    const start = new Date(Date.now() - 30 * 60_000).toISOString();
    for (const event of ["Metric A", "Metric A", "Metric B"]) {
      structured(
        await session.call("segment_event_track", {
          event,
          user_id: "metrics-user",
          properties: { n: Math.random() },
        }),
      );
    }
    const end = new Date(Date.now() + 30 * 60_000).toISOString();
    const out = structured<{
      received: {
        notice: string;
        data: { total: number; events: Array<{ event: string; total: number; series: unknown[] }> };
      };
      failed: { data: { total: number } };
    }>(
      await session.call("segment_delivery_metrics_get", {
        source_id: "src_server",
        start_time: start,
        end_time: end,
        granularity: "minute",
        by_event: true,
      }),
    );
    expect(out.received.notice).toContain("Untrusted");
    const byName = Object.fromEntries(out.received.data.events.map((e) => [e.event, e.total]));
    expect(byName).toMatchObject({ "Metric A": 2, "Metric B": 1 });
    expect(out.received.data.events[0]?.series.length).toBeGreaterThanOrEqual(60);
    expect(out.failed.data.total).toBeGreaterThanOrEqual(0);
    const paths = publicApi()
      .slice(-2)
      .map((r) => r.path)
      .sort();
    expect(paths).toEqual([
      "/delivery-overview/failed-on-ingest",
      "/delivery-overview/successfully-received",
    ]);
    expect(publicApi().at(-1)?.query).toMatchObject({
      sourceId: "src_server",
      granularity: "minute",
    });
  });

  it("a range too long for the granularity is refused before any request", async () => {
    const session = await segment.connect();
    const before = publicApi().length;
    const envelope = expectEnvelope(
      await session.call("segment_delivery_metrics_get", {
        source_id: "src_server",
        start_time: "2026-11-01T00:00:00Z",
        end_time: "2026-11-02T00:00:00Z",
        granularity: "minute",
      }),
      "invalid_request",
    );
    expect(envelope.message).toContain("at most 4 hours");
    expect(publicApi()).toHaveLength(before);
  });
});
