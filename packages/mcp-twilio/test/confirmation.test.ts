import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { CALLS, FROM, form, MESSAGES, twilioSandbox } from "./setup.js";

const { sandbox, connect } = twilioSandbox();
const postsTo = (path: string) =>
  sandbox.recorder.to("twilio", path).filter((r) => r.method === "POST");

describe("confirmation", () => {
  it("a call is not placed before confirmation; the message names the number", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const args = { to: "+14155550131", twiml: "<Response><Say>Your car is ready</Say></Response>" };
    const asked = expectEnvelope(
      await session.call("twilio_call_create", args),
      "confirmation_required",
    );
    expect(asked.message).toContain("+14155550131");
    expect(asked.message).toContain(FROM);
    expect(sandbox.recorder.requests.length).toBe(before);

    const token = asked.details?.confirm_token as string;
    const call = structured(
      await session.call("twilio_call_create", { ...args, confirm_token: token }),
    );
    expect(call).toMatchObject({ to: "+14155550131", from: FROM, status: "queued" });
    const placed = postsTo(CALLS);
    expect(placed).toHaveLength(1);
    expect(form(placed[0]?.body)).toEqual({
      To: ["+14155550131"],
      From: [FROM],
      Twiml: ["<Response><Say>Your car is ready</Say></Response>"],
    });
  });

  it("a call to an invalid number is refused with the E.164 hint before anyone is asked", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("twilio_call_create", {
        to: "(415) 555-0100",
        url: "https://example.com/t.xml",
      }),
      "invalid_request",
    );
    expect(refused.message).toContain("+4155550100");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("a message longer than TWILIO_CONFIRM_SEGMENTS asks first; a short one does not", async () => {
    const session = await connect({ TWILIO_CONFIRM_SEGMENTS: "2" });
    const before = postsTo(MESSAGES).length;
    const long = "x".repeat(153 * 2 + 1); // three GSM-7 segments
    const asked = expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550132", body: long }),
      "confirmation_required",
    );
    expect(asked.message).toContain("+14155550132");
    expect(asked.message).not.toContain(long); // the body is sensitive: never shown
    expect(postsTo(MESSAGES).length).toBe(before);
    const sent = structured(
      await session.call("twilio_message_send", {
        to: "+14155550132",
        body: long,
        confirm_token: asked.details?.confirm_token,
      }),
    );
    expect(sent).toMatchObject({ segments: 3 });
    expect(
      structured(await session.call("twilio_message_send", { to: "+14155550132", body: "ok" })),
    ).toMatchObject({
      segments: 1,
    });
  });

  it("messaging more distinct recipients in a minute than allowed asks first", async () => {
    const session = await connect({ TWILIO_CONFIRM_RECIPIENTS_PER_MINUTE: "2" });
    for (const to of ["+14155550141", "+14155550142"]) {
      structured(await session.call("twilio_message_send", { to, body: "Sale today" }));
    }
    const before = postsTo(MESSAGES).length;
    expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550143", body: "Sale today" }),
      "confirmation_required",
    );
    expect(postsTo(MESSAGES).length).toBe(before);
    // A recipient already messaged this minute does not count again.
    structured(
      await session.call("twilio_message_send", { to: "+14155550141", body: "One more thing" }),
    );
  });
});
