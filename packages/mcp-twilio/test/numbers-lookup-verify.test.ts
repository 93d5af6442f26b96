import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { ACCOUNT, form, twilioSandbox, VERIFY } from "./setup.js";

const { sandbox, connect } = twilioSandbox();

describe("twilio_number_list", () => {
  it("lists the account's numbers with their webhooks, paged", async () => {
    const session = await connect();
    const first = structured<{
      numbers: Array<Record<string, unknown>>;
      next_cursor: string | null;
    }>(await session.call("twilio_number_list", { limit: 2 }));
    expect(first.numbers).toHaveLength(2);
    expect(first.numbers[1]).toMatchObject({
      phone_number: "+14155550100",
      sms_url: "https://mesh.example.com/hooks/twilio",
      voice_url: null,
      capabilities: { voice: true, sms: true, mms: true },
    });
    const rest = structured<{
      numbers: Array<{ phone_number: string }>;
      next_cursor: string | null;
    }>(await session.call("twilio_number_list", { cursor: first.next_cursor, limit: 2 }));
    expect(rest.numbers.map((n) => n.phone_number)).toEqual(["+14155550101"]);
    expect(rest.next_cursor).toBeNull();
    expect(
      sandbox.recorder.to("twilio", `/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`)[0]
        ?.query,
    ).toMatchObject({ PageSize: "2" });
  });
});

describe("twilio_number_lookup", () => {
  it("formats a national number to E.164 with its country and line type", async () => {
    const session = await connect();
    const out = structured(
      await session.call("twilio_number_lookup", {
        phone_number: "(415) 555-0100",
        country_code: "US",
        line_type: true,
      }),
    );
    expect(out).toEqual({
      valid: true,
      phone_number: "+14155550100",
      national_format: "(415) 555-0100",
      country_code: "US",
      calling_country_code: "1",
      validation_errors: [],
      line_type: "mobile",
      carrier: "Sandbox Carrier",
    });
    const request = sandbox.recorder.to("twilio", /^\/v2\/PhoneNumbers\//).at(-1);
    expect(request?.query).toEqual({ CountryCode: "US", Fields: "line_type_intelligence" });
  });

  it("reports an invalid number as valid: false with Twilio's reasons", async () => {
    const session = await connect();
    const out = structured(
      await session.call("twilio_number_lookup", { phone_number: "+1415555" }),
    );
    expect(out).toMatchObject({ valid: false, validation_errors: ["TOO_SHORT"], line_type: null });
  });

  it("refuses a national number without country_code, with the E.164 hint, before any request", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("twilio_number_lookup", { phone_number: "+44 20 7946 0000" }),
      "invalid_request",
    );
    expect(refused.message).toContain('"+442079460000"');
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("Verify v2", () => {
  it("sends a code and checks it: wrong code pending, right code approved", async () => {
    const session = await connect();
    const started = structured(
      await session.call("twilio_verification_start", { to: "+14155550171" }),
    );
    expect(started).toMatchObject({
      to: "+14155550171",
      channel: "sms",
      status: "pending",
      service_sid: VERIFY,
    });
    const start = sandbox.recorder.to("twilio", `/v2/Services/${VERIFY}/Verifications`).at(-1);
    expect(form(start?.body)).toEqual({ To: ["+14155550171"], Channel: ["sms"] });

    const wrong = await session.call("twilio_verification_check", {
      to: "+14155550171",
      code: "000000",
    });
    expect(structured(wrong)).toMatchObject({ approved: false, status: "pending" });
    const right = await session.call("twilio_verification_check", {
      to: "+14155550171",
      code: "123456",
    });
    expect(structured(right)).toMatchObject({ approved: true, status: "approved" });
    expect(JSON.stringify(right)).not.toContain("123456");
    const check = sandbox.recorder.to("twilio", `/v2/Services/${VERIFY}/VerificationCheck`).at(-1);
    expect(form(check?.body)).toEqual({ To: ["+14155550171"], Code: ["123456"] });
  });

  it("answers not_found when no verification is pending, and refuses an unlisted service", async () => {
    const session = await connect();
    expectEnvelope(
      await session.call("twilio_verification_check", { to: "+14155550172", code: "123456" }),
      "not_found",
    );
    const before = sandbox.recorder.requests.length;
    expectEnvelope(
      await session.call("twilio_verification_start", {
        to: "+14155550172",
        service_sid: `VA${"9".repeat(32)}`,
      }),
      "policy_denied",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});
