import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { FROM, form, MESSAGES, twilioSandbox } from "./setup.js";

const { sandbox, connect } = twilioSandbox();
const posts = () => sandbox.recorder.to("twilio", MESSAGES).filter((r) => r.method === "POST");

describe("twilio_message_send", () => {
  it("sends through the SDK: form body, Basic auth, and the message's segments in the result", async () => {
    const session = await connect();
    const before = posts().length;
    const result = await session.call("twilio_message_send", {
      to: "+14155550111",
      body: "Your table is ready",
      status_callback: "http://127.0.0.1:9/status",
    });
    const message = structured<Record<string, unknown>>(result);
    expect(message).toMatchObject({
      status: "queued",
      to: "+14155550111",
      from: FROM,
      segments: 1,
      direction: "outbound-api",
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining("1 segment(s)") });
    const sent = posts().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent[0]?.headers.authorization).toMatch(/^Basic /);
    expect(form(sent[0]?.body)).toEqual({
      To: ["+14155550111"],
      From: [FROM],
      Body: ["Your table is ready"],
      StatusCallback: ["http://127.0.0.1:9/status"],
    });
    // The body is a sensitive input: it never comes back in the result.
    expect(JSON.stringify(result)).not.toContain("Your table is ready");
  });

  it("refuses a number that is not E.164 with the fix, and sends nothing", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const envelope = expectEnvelope(
      await session.call("twilio_message_send", { to: "+1 415 555 0100", body: "hi" }),
      "invalid_request",
    );
    expect(envelope.message).toContain('"+14155550100"');
    expect(envelope.message).toContain("to");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("uses a messaging service sender and schedules with send_at", async () => {
    const session = await connect();
    // Whole seconds: the SDK sends SendAt without milliseconds.
    const sendAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString();
    const message = structured<Record<string, unknown>>(
      await session.call("twilio_message_send", {
        to: "+14155550112",
        body: "Reminder: dentist tomorrow",
        from: "MG0123456789abcdef0123456789abcdef",
        send_at: sendAt,
      }),
    );
    expect(message).toMatchObject({
      status: "scheduled",
      messaging_service_sid: expect.stringMatching(/^MG/),
    });
    const body = form(posts().at(-1)?.body);
    expect(body).toMatchObject({
      MessagingServiceSid: ["MG0123456789abcdef0123456789abcdef"],
      ScheduleType: ["fixed"],
    });
    expect(body.From).toBeUndefined();
    expect(Date.parse(body.SendAt?.[0] ?? "")).toBe(Date.parse(sendAt));
  });

  it("refuses a sender outside TWILIO_FROM and a recipient outside the allowed countries, sending nothing", async () => {
    const session = await connect({ TWILIO_ALLOWED_COUNTRIES: "+44" });
    const before = sandbox.recorder.requests.length;
    const sender = expectEnvelope(
      await session.call("twilio_message_send", {
        to: "+447700900123",
        body: "x",
        from: "+14155550101",
      }),
      "policy_denied",
    );
    expect(sender.message).toContain("TWILIO_FROM");
    const country = expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550113", body: "x" }),
      "policy_denied",
    );
    expect(country.message).toContain("TWILIO_ALLOWED_COUNTRIES");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("maps Twilio's errors: invalid To (21211) and unverified trial number (21608)", async () => {
    const session = await connect();
    const invalid = expectEnvelope(
      await session.call("twilio_message_send", { to: "+15005550001", body: "x" }),
      "invalid_request",
    );
    expect(invalid.details).toMatchObject({ platform_code: "21211", http_status: 400 });
    const trial = expectEnvelope(
      await session.call("twilio_message_send", { to: "+447700900001", body: "x" }),
      "invalid_request",
    );
    expect(trial.details).toMatchObject({ platform_code: "21608" });
    expect(trial.message).toContain("verify the number");
  });
});

describe("twilio_message_send's sender", () => {
  it("refuses a sender that is neither E.164 nor a messaging service SID, with the fix", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("twilio_message_send", {
        to: "+14155550114",
        body: "x",
        from: "+1 500-555-0006",
      }),
      "invalid_request",
    );
    expect(refused.message).toContain('"+15005550006"');
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("twilio_message_send with media", () => {
  it("sends an MMS without a body, each media URL as its own MediaUrl field", async () => {
    const session = await connect();
    const media = ["https://example.com/a.png", "https://example.com/b.png"];
    const sent = structured(
      await session.call("twilio_message_send", { to: "+14155550115", media_url: media }),
    );
    expect(sent).toMatchObject({ media: 2, to: "+14155550115" });
    expect(form(posts().at(-1)?.body)).toEqual({
      To: ["+14155550115"],
      From: [FROM],
      MediaUrl: media,
    });
  });

  it("refuses a message with neither body nor media before any request", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("twilio_message_send", { to: "+14155550116" }),
      "invalid_request",
    );
    expect(refused.message).toContain("body");
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});
