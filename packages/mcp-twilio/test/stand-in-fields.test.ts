import { describe, expect, it } from "vitest";
import { ACCOUNT, twilioSandbox, VERIFY } from "./setup.js";

const { sandbox } = twilioSandbox();

// Property names of Twilio's OpenAPI description (twilio-oai, as shipped in @twilio-alpha/mcp).
const MESSAGE =
  "account_sid api_version body date_created date_sent date_updated direction error_code error_message from messaging_service_sid num_media num_segments price price_unit sid status subresource_uris to uri";
const CALL =
  "account_sid answered_by api_version caller_name date_created date_updated direction duration end_time forwarded_from from from_formatted group_sid parent_call_sid phone_number_sid price price_unit queue_time sid start_time status subresource_uris to to_formatted trunk_sid uri";
const NUMBER =
  "account_sid address_requirements address_sid api_version beta bundle_sid capabilities date_created date_updated emergency_address_sid emergency_address_status emergency_status friendly_name identity_sid origin phone_number sid sms_application_sid sms_fallback_method sms_fallback_url sms_method sms_url status status_callback status_callback_method trunk_sid uri voice_application_sid voice_caller_id_lookup voice_fallback_method voice_fallback_url voice_method voice_receive_mode voice_url";
const PAGE = "end first_page_uri next_page_uri page page_size previous_page_uri start uri";
const VERIFICATION =
  "account_sid amount channel date_created date_updated lookup payee send_code_attempts service_sid sid sna status to url valid";
const LOOKUP =
  "call_forwarding caller_name calling_country_code country_code identity_match line_status line_type_intelligence national_format phone_number phone_number_quality_score pre_fill reassigned_number sim_swap sms_pumping_risk url valid validation_errors";

const keys = (text: string) => text.split(" ").sort();

describe("the Twilio stand-in answers with every field of Twilio's API description", () => {
  const request = async (method: string, path: string, form?: Record<string, string>) => {
    const auth = Buffer.from(`${ACCOUNT}:sandbox-twilio-auth-token`).toString("base64");
    const response = await fetch(`${sandbox.urls.twilio}${path}`, {
      method,
      headers: {
        authorization: `Basic ${auth}`,
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it("for messages, calls, numbers, pages, Verify and Lookup, with the documented statuses", async () => {
    const base = `/2010-04-01/Accounts/${ACCOUNT}`;
    const message = await request("POST", `${base}/Messages.json`, {
      To: "+14155550195",
      From: "+15005550006",
      Body: "x",
    });
    expect(message.status).toBe(201);
    expect(Object.keys(message.json).sort()).toEqual(keys(MESSAGE));
    const call = await request("POST", `${base}/Calls.json`, {
      To: "+14155550195",
      From: "+15005550006",
      Url: "https://example.com/t.xml",
    });
    expect(call.status).toBe(201);
    expect(Object.keys(call.json).sort()).toEqual(keys(CALL));
    const numbers = await request("GET", `${base}/IncomingPhoneNumbers.json?PageSize=1`);
    expect(numbers.status).toBe(200);
    const [number] = numbers.json.incoming_phone_numbers as Array<Record<string, unknown>>;
    expect(Object.keys(number ?? {}).sort()).toEqual(keys(NUMBER));
    expect(Object.keys(numbers.json).sort()).toEqual(keys(`${PAGE} incoming_phone_numbers`));
    const verification = await request("POST", `/v2/Services/${VERIFY}/Verifications`, {
      To: "+14155550195",
      Channel: "sms",
    });
    expect(verification.status).toBe(201);
    expect(Object.keys(verification.json).sort()).toEqual(keys(VERIFICATION));
    const lookup = await request("GET", "/v2/PhoneNumbers/%2B14155550195");
    expect(lookup.status).toBe(200);
    expect(Object.keys(lookup.json).sort()).toEqual(keys(LOOKUP));
  });

  it("refuses what Twilio refuses: a missing To (21604), no auth (20003), another account (20404)", async () => {
    const base = `/2010-04-01/Accounts/${ACCOUNT}`;
    const missing = await request("POST", `${base}/Messages.json`, {
      From: "+15005550006",
      Body: "x",
    });
    expect(missing).toMatchObject({ status: 400, json: { code: 21604, status: 400 } });
    const anonymous = await fetch(`${sandbox.urls.twilio}${base}/Messages.json`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
    const other = await request("GET", `/2010-04-01/Accounts/AC${"f".repeat(32)}/Messages.json`);
    expect(other).toMatchObject({ status: 404, json: { code: 20404 } });
  });
});
