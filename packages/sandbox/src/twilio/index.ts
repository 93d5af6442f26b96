import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import { callRoutes } from "./calls.js";
import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  AUTH_TOKEN,
  MAGIC_FROM,
  MESSAGING_SERVICE_SID,
  seedNumbers,
  VERIFY_SERVICE_SID,
} from "./data.js";
import { twilioError } from "./errors.js";
import { lookupRoutes } from "./lookup.js";
import { messageRoutes } from "./messages.js";
import { numberRoutes } from "./numbers.js";
import { verifyRoutes } from "./verify.js";

/**
 * Requests per second one account may make before the stand-in answers 429 (code 20429), as
 * Twilio does past an account's limits; TWILIO_SANDBOX_RATE_LIMIT changes it (0 turns it off,
 * as `pnpm bench` does to measure the server rather than the limit).
 */
export const DEFAULT_RATE_LIMIT = 100;

function rateLimit(): number {
  const given = Number(process.env.TWILIO_SANDBOX_RATE_LIMIT ?? DEFAULT_RATE_LIMIT);
  return Number.isInteger(given) && given >= 0 ? given : DEFAULT_RATE_LIMIT;
}

/** HTTP Basic with the account SID and auth token, or an API key SID and its secret. */
function authorized(header: string | undefined): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const [user, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
  return (
    (user === ACCOUNT_SID && secret === AUTH_TOKEN) ||
    (user === API_KEY_SID && secret === API_KEY_SECRET)
  );
}

/**
 * Stand-in for Twilio's REST API 2010-04-01 (messages, calls, incoming numbers), Lookup v2 and
 * Verify v2 on one origin: form-encoded bodies, Basic auth, Twilio's JSON fields and error
 * bodies, next_page_uri paging, messages and calls that move through their states with time,
 * signed status callbacks (to loopback URLs only), and a per-account rate limit.
 */
export const twilio = defineStandIn({
  name: "twilio",
  title: "Twilio",
  credentials: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
  env: (url) => ({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: url,
    TWILIO_FROM: `${MAGIC_FROM},${MESSAGING_SERVICE_SID}`,
    TWILIO_VERIFY_SERVICES: VERIFY_SERVICE_SID,
  }),
  createApp: (ctx) => {
    const { recorder, faults, onClose } = ctx;
    const numbers = seedNumbers();
    const timers = new Set<NodeJS.Timeout>();
    onClose(async () => {
      for (const timer of timers) clearTimeout(timer);
    });
    // Sliding one-second window of request times: past the limit, 429 with Retry-After.
    const recent: number[] = [];
    const limit = rateLimit();
    const app = new Hono();
    app.use("*", recorder.middleware("twilio"));
    app.use("*", faults.middleware("twilio"));
    app.use("*", async (c, next) => {
      if (!authorized(c.req.header("authorization"))) {
        c.header("www-authenticate", 'Basic realm="Twilio API"');
        return twilioError(c, 401, 20003, "Authenticate");
      }
      const account = c.req.path.match(/^\/2010-04-01\/Accounts\/([^/.]+)/)?.[1];
      if (account !== undefined && account !== ACCOUNT_SID) {
        return twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`);
      }
      const now = Date.now();
      while (recent.length > 0 && (recent[0] ?? 0) <= now - 1000) recent.shift();
      if (limit > 0 && recent.length >= limit) {
        return twilioError(c, 429, 20429, "Too Many Requests", { "retry-after": "1" });
      }
      if (limit > 0) recent.push(now);
      await next();
    });
    messageRoutes(app, ctx, numbers, timers);
    callRoutes(app, ctx, numbers, timers);
    numberRoutes(app, numbers);
    lookupRoutes(app);
    verifyRoutes(app);
    app.notFound((c) =>
      twilioError(c, 404, 20404, `The requested resource ${c.req.path} was not found`),
    );
    return app;
  },
});
