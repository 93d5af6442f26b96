import type { Hono } from "hono";
import { ACCOUNT_SID, VERIFY_CODE, VERIFY_SERVICE_SID } from "./data.js";
import { twilioError } from "./errors.js";
import { E164, first, newSid, readForm } from "./form.js";

interface Verification {
  sid: string;
  to: string;
  channel: string;
  status: "pending" | "approved" | "canceled" | "max_attempts_reached";
  checks: number;
  created: number;
}

const MAX_CHECKS = 5;
const CHANNELS = new Set(["sms", "call", "whatsapp", "email"]);

/** Verify v2: start a verification (code VERIFY_CODE), check a code; five wrong tries end it. */
export function verifyRoutes(app: Hono) {
  const verifications: Verification[] = [];
  const json = (v: Verification) => ({
    sid: v.sid,
    service_sid: VERIFY_SERVICE_SID,
    account_sid: ACCOUNT_SID,
    to: v.to,
    channel: v.channel,
    status: v.status,
    valid: v.status === "approved",
    lookup: { carrier: null },
    amount: null,
    payee: null,
    send_code_attempts: [{ time: new Date(v.created).toISOString(), channel: v.channel }],
    date_created: new Date(v.created).toISOString(),
    date_updated: new Date().toISOString(),
    sna: null,
    url: `https://verify.twilio.com/v2/Services/${VERIFY_SERVICE_SID}/Verifications/${v.sid}`,
  });

  app.use("/v2/Services/:service/*", async (c, next) => {
    if (c.req.param("service") !== VERIFY_SERVICE_SID) {
      return twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`);
    }
    await next();
  });

  app.post("/v2/Services/:service/Verifications", async (c) => {
    const form = await readForm(c);
    const to = first(form, "To");
    const channel = first(form, "Channel");
    if (!to || !channel)
      return twilioError(c, 400, 60200, "Invalid parameter: To and Channel are required");
    if (!CHANNELS.has(channel))
      return twilioError(c, 400, 60200, `Invalid parameter: Channel ${channel}`);
    if (channel !== "email" && !E164.test(to))
      return twilioError(c, 400, 60200, `Invalid parameter To: ${to}`);
    const pending = verifications.find((v) => v.to === to && v.status === "pending");
    if (pending) {
      pending.channel = channel;
      return c.json(json(pending), 201);
    }
    const v: Verification = {
      sid: newSid("VE", verifications.length + 1),
      to,
      channel,
      status: "pending",
      checks: 0,
      created: Date.now(),
    };
    verifications.push(v);
    return c.json(json(v), 201);
  });

  app.post("/v2/Services/:service/VerificationCheck", async (c) => {
    const form = await readForm(c);
    const to = first(form, "To");
    const code = first(form, "Code");
    if (!code) return twilioError(c, 400, 60200, "Invalid parameter: Code is required");
    const v = verifications.find((item) => item.to === to && item.status === "pending");
    if (!v) return twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`);
    v.checks += 1;
    if (code === VERIFY_CODE) v.status = "approved";
    else if (v.checks >= MAX_CHECKS) {
      v.status = "max_attempts_reached";
      return twilioError(c, 429, 60202, "Max check attempts reached");
    }
    const { send_code_attempts: _a, lookup: _l, sna: _s, url: _u, ...check } = json(v);
    return c.json({ ...check, sna_attempts_error_codes: [] });
  });
}
