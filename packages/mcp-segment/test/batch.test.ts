import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useSegmentSandbox } from "./setup.js";

const segment = useSegmentSandbox();

interface BatchOut {
  delivered: number;
  failed: number;
  dry_run: boolean;
  size_bytes: number;
  results: Array<{ index: number; message_id: string; type: string; delivered: boolean }>;
  would_send: Array<Record<string, unknown>> | null;
}

const batch = [
  { type: "identify", user_id: "b_user", traits: { plan: "pro" } },
  { type: "track", user_id: "b_user", event: "Batch Item", properties: { n: 1 } },
  { type: "page", anonymous_id: "b_anon", name: "Home" },
  { type: "group", user_id: "b_user", group_id: "b_group", traits: { seats: 3 } },
];

describe("segment_batch_send", () => {
  it("sends every entry in one /v1/batch request and reports each outcome", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const out = structured<BatchOut>(
      await session.call("segment_batch_send", { batch, idempotency_key: "batch-1" }),
    );
    expect(out).toMatchObject({ delivered: 4, failed: 0, dry_run: false, would_send: null });
    expect(out.results.map((r) => [r.index, r.type, r.delivered, r.message_id])).toEqual([
      [0, "identify", true, "batch-1-0"],
      [1, "track", true, "batch-1-1"],
      [2, "page", true, "batch-1-2"],
      [3, "group", true, "batch-1-3"],
    ]);
    const sent = segment.batches().slice(before);
    expect(sent).toHaveLength(1);
    expect((sent[0]?.body as { batch?: unknown[] } | undefined)?.batch).toHaveLength(4);
    const { events } = await segment.arrived();
    const ids = events.map((e) => e.message.messageId);
    for (const r of out.results) expect(ids).toContain(r.message_id);
  });

  it("retried with the same key: replayed, one set of events", async () => {
    const session = await segment.connect();
    const args = { batch: batch.slice(0, 2), idempotency_key: "batch-retry" };
    const first = structured<BatchOut>(await session.call("segment_batch_send", args));
    const again = await session.call("segment_batch_send", args);
    expect(structured<BatchOut>(again)).toEqual(first);
    expect(again._meta?.["agent-mesh/idempotent-replay"]).toBe(true);
    const { events } = await segment.arrived();
    expect(
      events.filter((e) => String(e.message.messageId).startsWith("batch-retry")),
    ).toHaveLength(2);
  });

  it("refuses, before sending, a batch over 500 KB and an entry over 32 KB, naming the entry", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const bulky = {
      a: "y".repeat(4000),
      b: "y".repeat(4000),
      c: "y".repeat(4000),
      d: "y".repeat(4000),
    };
    const big = Array.from({ length: 40 }, (_, i) => ({
      type: "track",
      user_id: "u",
      event: `Big ${i}`,
      properties: bulky,
    }));
    const tooBig = expectEnvelope(
      await session.call("segment_batch_send", { batch: big }),
      "invalid_request",
    );
    expect(tooBig.message).toMatch(
      /The batch is \d+ bytes as JSON; Segment accepts at most 512000/,
    );
    const fat = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`k${i}`, "z".repeat(4000)]),
    );
    const oneTooBig = expectEnvelope(
      await session.call("segment_batch_send", {
        batch: [batch[0], { type: "track", user_id: "u", event: "Fat", properties: fat }],
      }),
      "invalid_request",
    );
    expect(oneTooBig.message).toContain("batch[1] (track) is");
    expect(segment.batches()).toHaveLength(before);
  });

  it("an entry without a user is refused with its position; dry run sends nothing", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const envelope = expectEnvelope(
      await session.call("segment_batch_send", {
        batch: [batch[0], { type: "track", event: "Nobody" }],
      }),
      "invalid_request",
    );
    expect(envelope.message).toContain("batch[1]");
    const dry = structured<BatchOut>(
      await session.call("segment_batch_send", { batch, dry_run: true }),
    );
    expect(dry.dry_run).toBe(true);
    expect(dry.would_send?.map((m) => m.type)).toEqual(["identify", "track", "page", "group"]);
    expect(segment.batches()).toHaveLength(before);
  });

  it("a call the library splits into two requests reports each entry's own outcome", async () => {
    // 17 entries of about 29 KB: under Segment's 500 KB, over the library's 480 KB batch, so it
    // sends 16 in one request and 1 in another. The first request is refused. (The library sizes
    // an event by counting escapes and the letter "i" in it, so the text is made of "i"s.)
    const props = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`p${i}`, "i".repeat(i === 7 ? 1000 : 4000)]),
    );
    const entries = Array.from({ length: 17 }, (_, i) => ({
      type: "track",
      user_id: "split-user",
      event: `Split ${i}`,
      properties: props,
    }));
    segment.sandbox.faults.add({
      platform: "segment",
      match: { method: "POST", path: "/v1/batch" },
      status: 400,
      headers: { "content-type": "application/json" },
      body: { success: false, code: "invalid_request", message: "Refused by test" },
    });
    const session = await segment.connect();
    const before = segment.batches().length;
    const result = await session.call("segment_batch_send", { batch: entries });
    const sent = segment.batches().slice(before);
    const out = structured<BatchOut & { results: Array<{ error: string | null }> }>(result);
    // The two requests go out concurrently: whichever arrives first is refused.
    expect(sent.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = new Set(
      (
        (sent.find((r) => r.status === 400)?.body as { batch?: Array<{ messageId: string }> })
          ?.batch ?? []
      ).map((m) => m.messageId),
    );
    expect(refused.size).toBeGreaterThan(0);
    expect(out.failed).toBe(refused.size);
    expect(out.delivered).toBe(17 - refused.size);
    for (const r of out.results) {
      if (refused.has(r.message_id)) expect(r.error).toContain("Refused by test");
      else expect(r).toMatchObject({ delivered: true, error: null });
    }
  });

  it("a bad write key fails the whole batch as authentication_error", async () => {
    const session = await segment.connect({ SEGMENT_WRITE_KEY: "nope-key-123" });
    expectEnvelope(await session.call("segment_batch_send", { batch }), "authentication_error");
  });
});
