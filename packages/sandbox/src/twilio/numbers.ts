import type { Hono } from "hono";
import { ACCOUNT_SID, type IncomingNumber } from "./data.js";
import { rfc2822 } from "./form.js";
import { page } from "./paging.js";

const CREATED = Date.parse("2026-01-05T12:00:00Z");

/** Incoming phone numbers: GET .../IncomingPhoneNumbers.json, filtered by PhoneNumber. */
export function numberRoutes(app: Hono, numbers: IncomingNumber[]) {
  app.get("/2010-04-01/Accounts/:account/IncomingPhoneNumbers.json", (c) => {
    const wanted = c.req.query("PhoneNumber");
    const matching = numbers.filter((n) => !wanted || n.phone_number === wanted);
    return c.json(
      page(c, "incoming_phone_numbers", matching, (n) => ({
        account_sid: ACCOUNT_SID,
        address_requirements: "none",
        address_sid: null,
        api_version: "2010-04-01",
        beta: false,
        bundle_sid: null,
        capabilities: { voice: true, sms: true, mms: true, fax: false },
        date_created: rfc2822(CREATED),
        date_updated: rfc2822(CREATED),
        emergency_address_sid: null,
        emergency_address_status: "unregistered",
        emergency_status: "Inactive",
        friendly_name: n.friendly_name,
        identity_sid: null,
        origin: "twilio",
        phone_number: n.phone_number,
        sid: n.sid,
        sms_application_sid: null,
        sms_fallback_method: "POST",
        sms_fallback_url: "",
        sms_method: "POST",
        sms_url: n.sms_url,
        status_callback: n.status_callback,
        status_callback_method: "POST",
        voice_application_sid: null,
        voice_caller_id_lookup: false,
        voice_fallback_method: "POST",
        voice_fallback_url: "",
        voice_method: "POST",
        voice_receive_mode: "voice",
        voice_url: n.voice_url,
        status: "in-use",
        trunk_sid: null,
        uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${n.sid}.json`,
      })),
    );
  });
}
