import type { Hono } from "hono";
import type { StandInContext } from "../stand-in.js";
import { postCallback } from "./callbacks.js";
import { ACCOUNT_SID, AUTH_TOKEN, type IncomingNumber } from "./data.js";
import { twilioError } from "./errors.js";
import { E164, first, newSid, readForm, rfc2822 } from "./form.js";
import { page } from "./paging.js";

interface Call {
  sid: string;
  to: string;
  from: string;
  created: number;
  /** When it was hung up, canceled or completed by an update, and the status it took. */
  ended: { at: number; status: "completed" | "canceled" } | null;
  url: string | null;
  twiml: string | null;
  statusCallback: string | null;
}

const FLOW = ["queued", "ringing", "in-progress", "completed"] as const;
/** How long an answered call talks before it completes by itself, in steps. */
const TALK_STEPS = 3;

function statusAt(call: Call, now: number, stepMs: number): string {
  const natural = Math.floor((now - call.created) / stepMs);
  const step =
    natural >= 2 && natural < 2 + TALK_STEPS ? 2 : natural >= 2 + TALK_STEPS ? 3 : natural;
  if (call.ended && call.ended.at <= now) return call.ended.status;
  return FLOW[step] ?? "completed";
}

function toJson(call: Call, now: number, stepMs: number) {
  const status = statusAt(call, now, stepMs);
  const answered = call.created + 2 * stepMs;
  const naturalEnd = answered + TALK_STEPS * stepMs;
  const end =
    status === "completed"
      ? Math.min(call.ended?.at ?? naturalEnd, naturalEnd)
      : status === "canceled"
        ? (call.ended?.at ?? null)
        : null;
  const started =
    status === "in-progress" || (status === "completed" && end !== null && end >= answered);
  const duration =
    status === "completed" && end !== null
      ? Math.max(0, Math.round((end - answered) / 1000))
      : null;
  const uri = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${call.sid}.json`;
  return {
    sid: call.sid,
    account_sid: ACCOUNT_SID,
    api_version: "2010-04-01",
    answered_by: null,
    caller_name: null,
    date_created: rfc2822(call.created),
    date_updated: rfc2822(now),
    direction: "outbound-api",
    duration: duration === null ? null : String(duration),
    end_time: end === null ? null : rfc2822(end),
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price:
      status === "completed"
        ? (-0.014 * Math.max(1, Math.ceil((duration ?? 0) / 60))).toFixed(5)
        : null,
    price_unit: "USD",
    queue_time: "0",
    start_time: started ? rfc2822(answered) : null,
    status,
    subresource_uris: { recordings: uri.replace(".json", "/Recordings.json") },
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri,
  };
}

/** Calls: place one (it rings, is answered, completes), fetch, list, hang up or redirect. */
export function callRoutes(
  app: Hono,
  ctx: StandInContext,
  numbers: IncomingNumber[],
  timers: Set<NodeJS.Timeout>,
) {
  const calls: Call[] = [];
  const base = "/2010-04-01/Accounts/:account/Calls";
  const find = (sid: string) => calls.find((call) => call.sid === sid.replace(/\.json$/, ""));

  app.post(`${base}.json`, async (c) => {
    const form = await readForm(c);
    const to = first(form, "To");
    const from = first(form, "From");
    const url = first(form, "Url") ?? null;
    const twiml = first(form, "Twiml") ?? null;
    if (!to) return twilioError(c, 400, 21201, "No 'To' number is specified");
    if (!from) return twilioError(c, 400, 21213, "No 'From' number is specified");
    if (!E164.test(to))
      return twilioError(c, 400, 21217, `Phone number ${to} does not appear to be valid`);
    if (!numbers.some((n) => n.phone_number === from)) {
      return twilioError(
        c,
        400,
        21210,
        `The source phone number provided, ${from}, is not yet verified for your account.`,
      );
    }
    if (!url && !twiml) return twilioError(c, 400, 21205, "Url parameter is required.");
    const call: Call = {
      sid: newSid("CA", calls.length + 1),
      to,
      from,
      created: Date.now(),
      ended: null,
      url,
      twiml,
      statusCallback: first(form, "StatusCallback") ?? null,
    };
    calls.push(call);
    if (call.statusCallback) {
      const callback = call.statusCallback;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          const json = toJson(call, Date.now(), ctx.stepMs);
          void postCallback(AUTH_TOKEN, callback, {
            AccountSid: ACCOUNT_SID,
            CallSid: call.sid,
            CallStatus: json.status,
            From: call.from,
            To: call.to,
            ...(json.duration ? { CallDuration: json.duration } : {}),
          });
        },
        (2 + TALK_STEPS) * ctx.stepMs + 1,
      );
      timers.add(timer);
    }
    return c.json(toJson(call, Date.now(), ctx.stepMs), 201);
  });

  app.get(`${base}/:sid`, (c) => {
    const call = find(c.req.param("sid"));
    if (!call)
      return twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`);
    return c.json(toJson(call, Date.now(), ctx.stepMs));
  });

  app.post(`${base}/:sid`, async (c) => {
    const call = find(c.req.param("sid"));
    if (!call)
      return twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`);
    const form = await readForm(c);
    const now = Date.now();
    const current = statusAt(call, now, ctx.stepMs);
    const status = first(form, "Status");
    const url = first(form, "Url");
    const twiml = first(form, "Twiml");
    if (status === "completed" || status === "canceled") {
      if (status === "canceled" && !["queued", "ringing"].includes(current)) {
        return twilioError(
          c,
          400,
          21220,
          "Call is not queued or ringing; use Status=completed to hang up.",
        );
      }
      if (current !== "completed" && current !== "canceled") call.ended = { at: now, status };
    } else if (url || twiml) {
      if (current !== "in-progress" && current !== "queued" && current !== "ringing") {
        return twilioError(c, 400, 21220, "Call is not in-progress. Cannot redirect.");
      }
      call.url = url ?? null;
      call.twiml = twiml ?? null;
    } else {
      return twilioError(c, 400, 21218, "Invalid update: give Status, Url or Twiml.");
    }
    return c.json(toJson(call, Date.now(), ctx.stepMs));
  });

  app.get(`${base}.json`, (c) => {
    const to = c.req.query("To");
    const from = c.req.query("From");
    const status = c.req.query("Status");
    const now = Date.now();
    const matching = calls
      .filter((call) => (!to || call.to === to) && (!from || call.from === from))
      .filter((call) => !status || statusAt(call, now, ctx.stepMs) === status)
      .sort((a, b) => b.created - a.created || b.sid.localeCompare(a.sid));
    return c.json(page(c, "calls", matching, (call) => toJson(call, now, ctx.stepMs)));
  });
}
