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
        api_version: "2010-04-01",
        beta: false,
        capabilities: { voice: true, sms: true, mms: true, fax: false },
        date_created: rfc2822(CREATED),
        date_updated: rfc2822(CREATED),
        friendly_name: n.friendly_name,
        origin: "twilio",
        phone_number: n.phone_number,
        sid: n.sid,
        sms_method: "POST",
        sms_url: n.sms_url,
        status_callback: n.status_callback,
        status_callback_method: "POST",
        voice_method: "POST",
        voice_url: n.voice_url,
        status: "in-use",
        uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${n.sid}.json`,
      })),
    );
  });
}
