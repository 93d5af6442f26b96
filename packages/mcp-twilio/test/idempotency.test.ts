import { MemoryState } from "@agent-mesh/core";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { MESSAGES, twilioSandbox } from "./setup.js";

const { sandbox, connect } = twilioSandbox();
const posts = () => sandbox.recorder.to("twilio", MESSAGES).filter((r) => r.method === "POST");

describe("sending once: Twilio has no idempotency key, so core's shared state is the dedupe", () => {
  it("100 concurrent retries of one send, over two replicas sharing state, make one message", async () => {
    const state = new MemoryState();
    const [a, b] = [await connect({}, { state }), await connect({}, { state })];
    const before = posts().length;
    const args = { to: "+14155550121", body: "Your code is 4471" };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? a : b).call("twilio_message_send", args),
      ),
    );
    const sids = new Set(results.map((r) => structured<{ sid: string }>(r).sid));
    expect(sids.size).toBe(1);
    expect(posts().length - before).toBe(1);
  });

  it("a retry with the same idempotency_key returns the first message's SID and sends nothing", async () => {
    const session = await connect();
    const args = { to: "+14155550122", body: "Shipped!", idempotency_key: "order-981-shipped" };
    const first = await session.call("twilio_message_send", args);
    const before = posts().length;
    const again = await session.call("twilio_message_send", args);
    expect(structured<{ sid: string }>(again).sid).toBe(structured<{ sid: string }>(first).sid);
    expect(again._meta?.["agent-mesh/idempotent-replay"]).toBe(true);
    expect(posts().length).toBe(before);
  });

  it("a key reused for another message is refused with conflict, and nothing is sent", async () => {
    const session = await connect();
    await session.call("twilio_message_send", {
      to: "+14155550123",
      body: "a",
      idempotency_key: "k-1",
    });
    const before = posts().length;
    expectEnvelope(
      await session.call("twilio_message_send", {
        to: "+14155550123",
        body: "b",
        idempotency_key: "k-1",
      }),
      "conflict",
    );
    expect(posts().length).toBe(before);
  });

  it("a failed send is not remembered: the retry reaches Twilio again", async () => {
    const session = await connect();
    sandbox.faults.add({
      platform: "twilio",
      match: { method: "POST", path: MESSAGES },
      status: 503,
      body: { code: 20500, message: "Internal Server Error", more_info: "", status: 503 },
    });
    const args = { to: "+14155550124", body: "retry me" };
    expectEnvelope(await session.call("twilio_message_send", args), "upstream_unavailable");
    const before = posts().length;
    expect(structured(await session.call("twilio_message_send", args))).toMatchObject({
      status: "queued",
    });
    expect(posts().length).toBe(before + 1);
  });
});
