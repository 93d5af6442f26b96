import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, useSegmentSandbox } from "./setup.js";

const segment = useSegmentSandbox();

interface Delivery {
  message_id: string;
  type: string;
  delivered: boolean;
  dry_run: boolean;
  size_bytes: number;
  would_send: Record<string, unknown> | null;
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

describe("segment_event_track", () => {
  it("returns once the event is in the stand-in, sent as the library's batch with Basic auth", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const result = await session.call("segment_event_track", {
      event: "Order Completed",
      user_id: "user_1",
      properties: { total: 42.5, items: ["a", "b"], coupon: null },
      context: { ip: "203.0.113.7" },
      timestamp: "2026-11-21T10:00:00Z",
      idempotency_key: "order-1001",
    });
    const out = structured<Delivery>(result);
    expect(out).toMatchObject({
      message_id: "order-1001",
      type: "track",
      delivered: true,
      dry_run: false,
      would_send: null,
    });
    // Already there when the tool returned: no waiting.
    const { events } = await segment.arrived();
    const stored = events.find((e) => e.message.messageId === "order-1001");
    expect(stored?.sourceId).toBe("src_server");
    expect(stored?.message).toMatchObject({
      type: "track",
      event: "Order Completed",
      userId: "user_1",
      properties: { total: 42.5, items: ["a", "b"], coupon: null },
      timestamp: "2026-11-21T10:00:00Z",
    });
    const sent = segment.batches().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "POST", path: "/v1/batch", status: 200 });
    expect(sent[0]?.headers.authorization).toBe(basic("sandbox-segment-write-key"));
    const body = sent[0]?.body as { batch: Array<Record<string, unknown>> };
    expect(body.batch).toHaveLength(1);
    expect(body.batch[0]).toMatchObject({
      messageId: "order-1001",
      context: { ip: "203.0.113.7", library: { name: "@segment/analytics-node" } },
    });
  });

  it("the same call retried 20 times is one messageId and one event", async () => {
    const session = await segment.connect();
    const args = { event: "Signed Up", anonymous_id: "anon-retry", properties: { plan: "pro" } };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => session.call("segment_event_track", args)),
    );
    const ids = new Set(results.map((r) => structured<Delivery>(r).message_id));
    expect(ids.size).toBe(1);
    const { events } = await segment.arrived();
    const matching = events.filter((e) => e.message.anonymousId === "anon-retry");
    expect(matching).toHaveLength(1);
    const requests = segment.batches().filter((r) => JSON.stringify(r.body).includes("anon-retry"));
    expect(requests).toHaveLength(1);
  });

  it("a retry that reaches Segment again (new server, same key) is deduped by messageId", async () => {
    const args = {
      event: "Invoice Paid",
      user_id: "user_2",
      idempotency_key: "invoice-77",
    };
    for (let i = 0; i < 2; i++) {
      const session = await segment.connect();
      expect(structured<Delivery>(await session.call("segment_event_track", args)).delivered).toBe(
        true,
      );
    }
    const sent = segment.batches().filter((r) => JSON.stringify(r.body).includes("invoice-77"));
    expect(sent).toHaveLength(2);
    const { events } = await segment.arrived();
    expect(events.filter((e) => e.message.messageId === "invoice-77")).toHaveLength(1);
  });

  it("keyless calls: one event per minute without a timestamp, one per timestamp with it", async () => {
    // Two servers (core's memory of keyless calls is per process and 60 s) sending the same call.
    const args = { event: "Report Viewed", user_id: "keyless-user" };
    const first = structured<Delivery>(
      await (await segment.connect()).call("segment_event_track", args),
    );
    const second = structured<Delivery>(
      await (await segment.connect()).call("segment_event_track", args),
    );
    const minute = Math.floor(Date.now() / 60_000);
    // Unless the minute turned between the two calls, Segment sees one messageId.
    if (Math.floor((Date.now() - 1000) / 60_000) === minute) {
      expect(second.message_id).toBe(first.message_id);
    }
    const timed = (timestamp: string) =>
      segment.connect().then((s) => s.call("segment_event_track", { ...args, timestamp }));
    const a = structured<Delivery>(await timed("2026-11-20T09:00:00Z"));
    const b = structured<Delivery>(await timed("2026-11-21T09:00:00Z"));
    const again = structured<Delivery>(await timed("2026-11-21T09:00:00Z"));
    expect(a.message_id).not.toBe(b.message_id);
    expect(again.message_id).toBe(b.message_id);
    const { events } = await segment.arrived();
    const stamps = events
      .filter((e) => e.message.userId === "keyless-user")
      .map((e) => String(e.message.timestamp))
      .filter((t) => t.endsWith("T09:00:00Z"));
    expect(stamps).toEqual(["2026-11-20T09:00:00Z", "2026-11-21T09:00:00Z"]);
  });

  it("a 33 KB event is refused before sending, with its size", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const properties = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`blob_${i}`, "x".repeat(3000)]),
    );
    const result = expectEnvelope(
      await session.call("segment_event_track", {
        event: "Big",
        user_id: "u",
        properties,
      }),
      "invalid_request",
    );
    expect(result.message).toMatch(/is 33\d{3} bytes as JSON; Segment accepts at most 32768/);
    expect(result.details).toMatchObject({ limit_bytes: 32768 });
    expect(segment.batches()).toHaveLength(before);
  });

  it("validation: no user, a bad timestamp, or properties that are not JSON send nothing", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const noUser = expectEnvelope(
      await session.call("segment_event_track", { event: "X" }),
      "invalid_request",
    );
    expect(noUser.message).toContain("user_id or anonymous_id");
    const badTime = expectEnvelope(
      await session.call("segment_event_track", {
        event: "X",
        user_id: "u",
        timestamp: "yesterday",
      }),
      "invalid_request",
    );
    expect(badTime.message).toContain("timestamp");
    expectEnvelope(
      await session.call("segment_event_track", { event: "X", user_id: "u", properties: "a=1" }),
      "invalid_request",
    );
    expect(segment.batches()).toHaveLength(before);
  });

  it("dry run: validates and shows the message, sends nothing", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const out = structured<Delivery>(
      await session.call("segment_event_track", {
        event: "Trial Started",
        user_id: "u_dry",
        properties: { days: 14 },
        dry_run: true,
      }),
    );
    expect(out).toMatchObject({ delivered: false, dry_run: true });
    expect(out.would_send).toMatchObject({
      type: "track",
      event: "Trial Started",
      userId: "u_dry",
      properties: { days: 14 },
      messageId: out.message_id,
    });
    const operator = await segment.connect({ SEGMENT_DRY_RUN: "true" });
    const forced = structured<Delivery>(
      await operator.call("segment_event_track", { event: "Trial Started", user_id: "u_dry2" }),
    );
    expect(forced.dry_run).toBe(true);
    expect(segment.batches()).toHaveLength(before);
  });

  it("SEGMENT_EVENTS: an event name outside the list is policy_denied, nothing sent", async () => {
    const session = await segment.connect({ SEGMENT_EVENTS: "Order *,Signed Up" });
    const before = segment.batches().length;
    const result = expectEnvelope(
      await session.call("segment_event_track", { event: "Password Reset", user_id: "u" }),
      "policy_denied",
    );
    expect(result.message).toContain("SEGMENT_EVENTS");
    expect(segment.batches()).toHaveLength(before);
    structured(await session.call("segment_event_track", { event: "Order Shipped", user_id: "u" }));
  });
});

describe("segment_user_identify, segment_page_track, segment_group_identify", () => {
  it("send Segment's identify, page and group messages and wait for them", async () => {
    const session = await segment.connect();
    const identify = structured<Delivery>(
      await session.call("segment_user_identify", {
        user_id: "user_9",
        traits: { email: "ada@example.com", plan: "team" },
      }),
    );
    const page = structured<Delivery>(
      await session.call("segment_page_track", {
        anonymous_id: "anon-9",
        name: "Pricing",
        category: "Marketing",
        properties: { path: "/pricing" },
      }),
    );
    const group = structured<Delivery>(
      await session.call("segment_group_identify", {
        user_id: "user_9",
        group_id: "acme",
        traits: { employees: 120 },
      }),
    );
    expect([identify.type, page.type, group.type]).toEqual(["identify", "page", "group"]);
    const { events } = await segment.arrived();
    const byId = (id: string) => events.find((e) => e.message.messageId === id)?.message;
    expect(byId(identify.message_id)).toMatchObject({
      type: "identify",
      userId: "user_9",
      traits: { email: "ada@example.com", plan: "team" },
    });
    expect(byId(page.message_id)).toMatchObject({
      type: "page",
      anonymousId: "anon-9",
      name: "Pricing",
      category: "Marketing",
      properties: { path: "/pricing" },
    });
    expect(byId(group.message_id)).toMatchObject({
      type: "group",
      groupId: "acme",
      traits: { employees: 120 },
    });
  });

  it("identify without a user and a page with a date-only timestamp are refused, nothing sent", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const identify = expectEnvelope(
      await session.call("segment_user_identify", { traits: { plan: "pro" } }),
      "invalid_request",
    );
    expect(identify.message).toContain("user_id or anonymous_id");
    const page = expectEnvelope(
      await session.call("segment_page_track", {
        anonymous_id: "a",
        name: "Home",
        timestamp: "2026-11-21",
      }),
      "invalid_request",
    );
    expect(page.message).toContain("timestamp");
    expect(segment.batches()).toHaveLength(before);
  });

  it("a group without group_id is refused by the schema, naming the field", async () => {
    const session = await segment.connect();
    const result = expectEnvelope(
      await session.call("segment_group_identify", { user_id: "u" }),
      "invalid_request",
    );
    expect(result.message).toContain("group_id");
  });
});

describe("segment_user_alias", () => {
  it("asks first: nothing is sent before the user agrees, then it is delivered once", async () => {
    const session = await segment.connect();
    const before = segment.batches().length;
    const args = { user_id: "user_42", previous_id: "anon-42" };
    const refused = expectEnvelope(
      await session.call("segment_user_alias", args),
      "confirmation_required",
    );
    expect(refused.message).toContain("anon-42");
    expect(segment.batches()).toHaveLength(before);
    const token = refused.details?.confirm_token as string;
    const out = structured<Delivery>(
      await session.call("segment_user_alias", { ...args, confirm_token: token }),
    );
    expect(out).toMatchObject({ type: "alias", delivered: true });
    const { events } = await segment.arrived();
    expect(events.filter((e) => e.message.previousId === "anon-42")).toHaveLength(1);
    expect(segment.batches()).toHaveLength(before + 1);
  });

  it("with elicitation the user is asked directly", async () => {
    const session = await segment.connect({}, { onElicit: acceptAll });
    const out = structured<Delivery>(
      await session.call("segment_user_alias", { user_id: "user_43", previous_id: "anon-43" }),
    );
    expect(out.delivered).toBe(true);
  });
});
