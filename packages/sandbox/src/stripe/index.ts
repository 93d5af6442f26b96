import { Hono } from "hono";
import { defineStandIn } from "../stand-in.js";
import { catalogRoutes } from "./catalog.js";
import type { StripeEnv } from "./context.js";
import { customerRoutes } from "./customers.js";
import { invalid, respond, StripeFailure } from "./errors.js";
import { parseForm } from "./form.js";
import { hookRoutes } from "./hooks.js";
import { paymentRoutes } from "./payments.js";
import { API_VERSION, newId, Store } from "./store.js";
import { subscriptionRoutes } from "./subscriptions.js";
import { STRIPE_SANDBOX_WEBHOOK_SECRET } from "./webhook-secret.js";

export { STRIPE_SANDBOX_WEBHOOK_SECRET };

/** The sandbox's keys: a test secret key, a live one (for LIVE MODE checks) and a read-only restricted key. */
export const STRIPE_SANDBOX_KEYS = {
  secret: "sk_test_51AgentMeshSandbox0000000000000000",
  live: "sk_live_51AgentMeshSandbox0000000000000000",
  restrictedReadOnly: "rk_test_51AgentMeshSandboxReadOnly000000000",
} as const;

const KEYS = new Set<string>(Object.values(STRIPE_SANDBOX_KEYS));
/**
 * Requests per second per key before 429 `rate_limit`: Stripe's live-mode limit, 100, unless
 * STRIPE_SANDBOX_RATE_LIMIT says otherwise (0 turns it off, as `pnpm bench` does).
 */
function rateLimit(): number {
  const given = Number(process.env.STRIPE_SANDBOX_RATE_LIMIT ?? 100);
  return Number.isFinite(given) && given >= 0 ? given : 100;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="Stripe"' };

const mask = (key: string) => `${key.slice(0, 8)}${"*".repeat(12)}${key.slice(-4)}`;

/** The permission a restricted key needs for a request: `rak_payment_intent_write`. */
function permissionFor(method: string, path: string): string {
  const resource = path.split("/")[2] ?? "";
  const singular = resource.replace(/_endpoints$/, "").replace(/s$/, "");
  return `rak_${singular}_${method === "GET" ? "read" : "write"}`;
}

interface Remembered {
  fingerprint: string;
  status?: number;
  body?: string;
}

/**
 * Stand-in for Stripe's API: form-encoded bracket parameters, bearer keys (test, live, restricted),
 * Stripe's error envelope, list pagination, expand[], idempotency keys, rate limiting, and signed
 * webhook delivery to registered endpoints.
 */
export const stripe = defineStandIn({
  name: "stripe",
  title: "Stripe",
  credentials: { STRIPE_SECRET_KEY: STRIPE_SANDBOX_KEYS.secret },
  env: (url) => ({
    STRIPE_SECRET_KEY: STRIPE_SANDBOX_KEYS.secret,
    STRIPE_API_URL: url,
    STRIPE_WEBHOOK_SECRET: STRIPE_SANDBOX_WEBHOOK_SECRET,
  }),
  createApp: ({ recorder, faults }) => {
    const store = new Store();
    const remembered = new Map<string, Remembered>();
    const windows = new Map<string, number[]>();
    const limit = rateLimit();
    const app = new Hono<StripeEnv>();
    app.use("*", recorder.middleware("stripe"));
    app.use("*", async (c, next) => {
      c.set("requestId", newId("req"));
      c.header("request-id", c.get("requestId"));
      c.header("stripe-version", c.req.header("stripe-version") ?? API_VERSION);
      await next();
    });
    app.use("*", faults.middleware("stripe"));
    app.use("*", async (c, next) => {
      const auth = c.req.header("authorization");
      const key = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
      if (!key) {
        throw new StripeFailure(
          401,
          {
            type: "invalid_request_error",
            message:
              "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
          },
          CHALLENGE,
        );
      }
      if (!KEYS.has(key)) {
        throw new StripeFailure(
          401,
          {
            type: "invalid_request_error",
            message: `Invalid API Key provided: ${mask(key)}`,
          },
          CHALLENGE,
        );
      }
      const version = c.req.header("stripe-version");
      if (version !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(version)) {
        throw invalid(`Invalid Stripe API version: ${version}`, undefined, "invalid_api_version");
      }
      const stamps = (windows.get(key) ?? []).filter((t) => t > Date.now() - 1000);
      stamps.push(Date.now());
      windows.set(key, stamps);
      if (limit > 0 && stamps.length > limit) {
        throw new StripeFailure(
          429,
          {
            type: "invalid_request_error",
            code: "rate_limit",
            message:
              "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
          },
          { "retry-after": "1" },
        );
      }
      if (key.startsWith("rk_") && c.req.method !== "GET") {
        const permission = permissionFor(c.req.method, c.req.path);
        throw new StripeFailure(403, {
          type: "invalid_request_error",
          message: `The provided key '${mask(key)}' does not have the required permissions for this endpoint on account 'acct_1AgentMeshSandbox'. Having the '${permission}' permission would allow this request to continue.`,
        });
      }
      c.set("live", key.includes("_live_"));
      const text =
        c.req.method === "POST" ? await c.req.text() : new URL(c.req.url).search.slice(1);
      if (c.req.method === "POST" && text !== "") {
        const type = c.req.header("content-type") ?? "";
        if (!type.startsWith("application/x-www-form-urlencoded")) {
          throw invalid(
            "Invalid request: Stripe takes application/x-www-form-urlencoded parameters.",
          );
        }
      }
      c.set("form", parseForm(text));
      c.set("idempotencyKey", c.req.header("idempotency-key"));
      await next();
    });
    // Stripe's idempotency: the same key replays the first response; other parameters are refused.
    app.use("*", async (c, next) => {
      const key = c.get("idempotencyKey");
      if (c.req.method !== "POST" || key === undefined) return next();
      if (key.length > 255) throw invalid("Idempotency-Key must be at most 255 characters.");
      const scope = `${c.get("live") ? "live" : "test"}:${key}`;
      const fingerprint = `${c.req.path}?${JSON.stringify(c.get("form"))}`;
      const seen = remembered.get(scope);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw new StripeFailure(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          });
        }
        if (seen.status === undefined) {
          throw new StripeFailure(409, {
            type: "idempotency_error",
            message:
              "There is currently another in-progress request using this Stripe-Account, Idempotency-Key, and Stripe-Version. Wait for the first request to complete before retrying.",
          });
        }
        c.header("idempotent-replayed", "true");
        c.header("content-type", "application/json");
        return c.body(seen.body ?? "", seen.status as 200);
      }
      const entry: Remembered = { fingerprint };
      remembered.set(scope, entry);
      await next();
      // Stripe keeps the outcome of requests that ran (declines included), not refusals before.
      if ([400, 401, 403, 409, 429].includes(c.res.status) || c.res.status >= 500) {
        remembered.delete(scope);
        return;
      }
      entry.status = c.res.status;
      entry.body = await c.res.clone().text();
    });
    customerRoutes(app, store);
    paymentRoutes(app, store);
    catalogRoutes(app, store);
    subscriptionRoutes(app, store);
    hookRoutes(app, store);
    app.onError((error, c) => {
      if (error instanceof StripeFailure) return respond(c, error);
      return respond(
        c,
        new StripeFailure(500, {
          type: "api_error",
          message: `An unknown error occurred: ${error.message}`,
        }),
      );
    });
    app.notFound((c) =>
      respond(
        c,
        new StripeFailure(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      ),
    );
    // Hono's own type for the app's per-request variables; the sandbox mounts any Hono.
    return app as unknown as Hono;
  },
});
