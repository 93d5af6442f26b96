import { createServer } from "node:net";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useSegmentSandbox } from "./setup.js";

const segment = useSegmentSandbox();

const track = { event: "Checked Out", user_id: "user_err" };
const tooMany = {
  platform: "segment",
  match: { method: "POST", path: "/v1/batch" },
  status: 429,
  headers: { "retry-after": "1", "content-type": "application/json" },
  body: { success: false, code: "rate_limited", message: "Too many requests" },
};

describe("Segment failures become the standard envelope", () => {
  it("a bad write key: authentication_error naming SEGMENT_WRITE_KEY, the key never shown", async () => {
    const key = "wk_wrong_but_secret_123";
    const session = await segment.connect({ SEGMENT_WRITE_KEY: key });
    const result = await session.call("segment_event_track", track);
    const envelope = expectEnvelope(result, "authentication_error");
    expect(envelope.message).toContain("SEGMENT_WRITE_KEY");
    expect(envelope.details).toMatchObject({ status: 401, platform_code: "invalid_write_key" });
    expect(JSON.stringify(result)).not.toContain(key);
    // One request: a 401 is not retried.
    const sent = segment.batches().filter((r) => JSON.stringify(r.body).includes("user_err"));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.status).toBe(401);
  });

  it("a 400 from Segment is invalid_request with its message, not retried", async () => {
    segment.sandbox.faults.add({
      ...tooMany,
      status: 400,
      headers: { "content-type": "application/json" },
      body: { success: false, code: "invalid_request", message: "Invalid JSON" },
    });
    const session = await segment.connect();
    const before = segment.batches().length;
    const envelope = expectEnvelope(
      await session.call("segment_event_track", { ...track, user_id: "user_400" }),
      "invalid_request",
    );
    expect(envelope.message).toContain("Invalid JSON");
    expect(segment.batches()).toHaveLength(before + 1);
  });

  it("a 429 is waited out (Retry-After) and the event is delivered once", async () => {
    segment.sandbox.faults.add(tooMany);
    const session = await segment.connect();
    const before = segment.batches().length;
    const out = structured<{ delivered: boolean; message_id: string }>(
      await session.call("segment_event_track", { ...track, user_id: "user_429" }),
    );
    expect(out.delivered).toBe(true);
    const sent = segment.batches().slice(before);
    expect(sent.map((r) => r.status)).toEqual([429, 200]);
    expect(sent[1]?.headers["x-retry-count"]).toBe("1");
    const { events } = await segment.arrived();
    expect(events.filter((e) => e.message.userId === "user_429")).toHaveLength(1);
  }, 60_000);

  it("429s beyond SEGMENT_RATE_LIMIT_WAIT_SECONDS: rate_limited with the retry delay", async () => {
    segment.sandbox.faults.add({ ...tooMany, times: 5 });
    const session = await segment.connect({ SEGMENT_RATE_LIMIT_WAIT_SECONDS: "0" });
    const envelope = expectEnvelope(
      await session.call("segment_event_track", { ...track, user_id: "user_429b" }),
      "rate_limited",
    );
    expect(envelope.details?.retry_after_seconds).toBe(1);
    const { events } = await segment.arrived();
    expect(events.filter((e) => e.message.userId === "user_429b")).toHaveLength(0);
  });

  it("an unreachable tracking API: upstream_unavailable, never a silent drop", async () => {
    const port = await freePort();
    const session = await segment.connect({
      SEGMENT_TRACKING_URL: `http://127.0.0.1:${port}`,
      SEGMENT_MAX_RETRIES: "0",
    });
    const envelope = expectEnvelope(
      await session.call("segment_event_track", track),
      "upstream_unavailable",
    );
    expect(envelope.message).toContain("Cannot reach Segment");
  });

  it("no write key: tracking answers not_configured naming it, the workspace tools still work", async () => {
    const session = await segment.connect({ SEGMENT_WRITE_KEY: "" });
    expect((await session.client.listTools()).tools).toHaveLength(10);
    const envelope = expectEnvelope(
      await session.call("segment_event_track", track),
      "not_configured",
    );
    expect(envelope.details).toMatchObject({ variables: ["SEGMENT_WRITE_KEY"] });
    structured(await session.call("segment_source_list", {}));
  });

  it("no Public API token: workspace tools answer not_configured, tracking still works", async () => {
    const session = await segment.connect({ SEGMENT_PUBLIC_API_TOKEN: "" });
    const envelope = expectEnvelope(
      await session.call("segment_source_list", {}),
      "not_configured",
    );
    expect(envelope.details).toMatchObject({ variables: ["SEGMENT_PUBLIC_API_TOKEN"] });
    expect(envelope.message).toContain("Tracking works without it");
    structured(await session.call("segment_event_track", { ...track, user_id: "user_nt" }));
  });

  it("read-only mode hides every tracking tool", async () => {
    const session = await segment.connect({ SEGMENT_READ_ONLY: "true" });
    const names = (await session.client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual([
      "segment_delivery_metrics_get",
      "segment_destination_list",
      "segment_source_get",
      "segment_source_list",
    ]);
    const refused = expectEnvelope(
      await session.call("segment_event_track", track),
      "policy_denied",
    );
    expect(refused.message).toContain("SEGMENT_READ_ONLY");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address() as { port: number };
      probe.close(() => resolve(address.port));
    });
  });
}
