import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { CALLS, form, twilioSandbox } from "./setup.js";

const { sandbox, connect } = twilioSandbox(150);
// Confirmation is tested in confirmation.test.ts; here the operator turned it off.
const open = () => connect({}, { confirmations: false });

interface Call {
  sid: string;
  status: string;
  duration_seconds: number | null;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("calls", () => {
  it("places a call that rings, is answered and completes", async () => {
    const session = await open();
    const call = structured<Call>(
      await session.call("twilio_call_create", {
        to: "+14155550161",
        url: "https://example.com/twiml.xml",
        timeout: 20,
      }),
    );
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(form(sandbox.recorder.to("twilio", CALLS).at(-1)?.body)).toEqual({
      To: ["+14155550161"],
      From: ["+15005550006"],
      Url: ["https://example.com/twiml.xml"],
      Timeout: ["20"],
    });
    const done = await until(
      async () => structured<Call>(await session.call("twilio_call_get", { sid: call.sid })),
      (c) => c.status === "completed",
    );
    expect(done.duration_seconds).toEqual(expect.any(Number));
    const get = sandbox.recorder.to("twilio", CALLS.replace(".json", `/${call.sid}.json`)).at(-1);
    expect(get).toMatchObject({ method: "GET", status: 200 });
  });

  it("hangs up a ringing call (canceled) and redirects a live one", async () => {
    const session = await open();
    const ringing = structured<Call>(
      await session.call("twilio_call_create", {
        to: "+14155550162",
        twiml: '<Response><Pause length="5"/></Response>',
      }),
    );
    const hung = structured<Call>(
      await session.call("twilio_call_update", { sid: ringing.sid, action: "hang_up" }),
    );
    // Unanswered calls are canceled, answered ones completed (a busy machine may answer first).
    const update = sandbox.recorder
      .to("twilio", CALLS.replace(".json", `/${ringing.sid}.json`))
      .at(-1);
    expect(form(update?.body)).toEqual({ Status: [hung.status] });
    expect(["canceled", "completed"]).toContain(hung.status);

    const live = structured<Call>(
      await session.call("twilio_call_create", {
        to: "+14155550163",
        url: "https://example.com/a.xml",
      }),
    );
    await until(
      async () => structured<Call>(await session.call("twilio_call_get", { sid: live.sid })),
      (c) => c.status === "in-progress",
    );
    structured(
      await session.call("twilio_call_update", {
        sid: live.sid,
        action: "redirect",
        url: "https://example.com/b.xml",
      }),
    );
    expect(
      form(sandbox.recorder.to("twilio", CALLS.replace(".json", `/${live.sid}.json`)).at(-1)?.body),
    ).toEqual({
      Url: ["https://example.com/b.xml"],
    });
  });

  it("refuses a redirect without TwiML before any request", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    expectEnvelope(
      await session.call("twilio_call_update", { sid: `CA${"1".repeat(32)}`, action: "redirect" }),
      "invalid_request",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("lists calls by number, paged", async () => {
    const session = await open();
    for (const n of [1, 2]) {
      structured(
        await session.call("twilio_call_create", {
          to: "+14155550164",
          url: `https://example.com/${n}.xml`,
        }),
      );
    }
    const first = structured<{ calls: Call[]; next_cursor: string | null }>(
      await session.call("twilio_call_list", { to: "+14155550164", limit: 1 }),
    );
    expect(first.calls).toHaveLength(1);
    const second = structured<{ calls: Call[]; next_cursor: string | null }>(
      await session.call("twilio_call_list", { cursor: first.next_cursor, limit: 1 }),
    );
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]?.sid).not.toBe(first.calls[0]?.sid);
    expect(second.next_cursor).toBeNull();
    const lists = sandbox.recorder.to("twilio", CALLS).filter((r) => r.method === "GET");
    expect(lists.at(-2)?.query).toEqual({ To: "+14155550164", PageSize: "1" });
    expect(lists.at(-1)?.query).toMatchObject({ To: "+14155550164", Page: "1" });
  });

  it("answers not_found for an unknown call, and Twilio's 21210 for a caller ID the account lacks", async () => {
    const session = await open();
    expectEnvelope(
      await session.call("twilio_call_get", { sid: `CA${"e".repeat(32)}` }),
      "not_found",
    );
    const denied = expectEnvelope(
      await session.call("twilio_call_create", {
        to: "+14155550165",
        url: "https://example.com/x.xml",
        from: "+14155550177",
      }),
      "policy_denied",
    );
    expect(denied.message).toContain("TWILIO_FROM");
  });
});
