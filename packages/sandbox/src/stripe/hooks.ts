import type { StripeApp } from "./context.js";
import { invalid, noSuch } from "./errors.js";
import { checkKnown, list, metadata, need, str } from "./params.js";
import { API_VERSION, newId, now, type Obj, paginate, type Store } from "./store.js";
import { STRIPE_SANDBOX_WEBHOOK_SECRET } from "./webhook-secret.js";

const EVENT_TYPE = /^(\*|[a-z_]+(\.[a-z_]+)+)$/;

/** Webhook endpoints (the signing secret only in the create response) and the event log. */
export function hookRoutes(app: StripeApp, store: Store): void {
  const shown = (w: Obj) => {
    const { secret: _secret, ...rest } = w;
    return rest;
  };
  app.post("/v1/webhook_endpoints", (c) => {
    const form = c.get("form");
    checkKnown(form, ["url", "enabled_events", "description", "metadata", "api_version"]);
    const url = need(form, "url");
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid(`Invalid URL: ${url}`, "url", "url_invalid");
    }
    if (c.get("live") && parsed.protocol !== "https:") {
      throw invalid(
        "Invalid URL: URL must be publicly accessible and use HTTPS in live mode.",
        "url",
        "url_invalid",
      );
    }
    const events = list(form, "enabled_events");
    if (!events || events.length === 0)
      throw invalid(
        "Missing required param: enabled_events.",
        "enabled_events",
        "parameter_missing",
      );
    events.forEach((e, index) => {
      if (typeof e !== "string" || !EVENT_TYPE.test(e)) {
        throw invalid(
          `Invalid enabled_events[${index}]: ${String(e)} is not a valid event type.`,
          `enabled_events[${index}]`,
        );
      }
    });
    const endpoint: Obj = {
      id: newId("we"),
      object: "webhook_endpoint",
      api_version: str(form, "api_version") ?? API_VERSION,
      application: null,
      created: now(),
      description: str(form, "description") ?? null,
      enabled_events: events,
      livemode: c.get("live"),
      metadata: metadata(form),
      secret: STRIPE_SANDBOX_WEBHOOK_SECRET,
      status: "enabled",
      url,
    };
    store.add("webhook_endpoints", endpoint);
    return c.json(endpoint);
  });
  app.get("/v1/webhook_endpoints", (c) => {
    const form = c.get("form");
    checkKnown(form, ["limit", "starting_after", "ending_before"]);
    const items = store.data.webhook_endpoints.filter((w) => !w.deleted).map(shown) as Obj[];
    return c.json(paginate(items, form, "/v1/webhook_endpoints", "webhook_endpoint"));
  });
  app.get("/v1/webhook_endpoints/:id", (c) =>
    c.json(shown(store.get("webhook_endpoints", c.req.param("id")))),
  );
  app.delete("/v1/webhook_endpoints/:id", (c) => {
    const endpoint = store.find("webhook_endpoints", c.req.param("id"));
    if (!endpoint || endpoint.deleted) throw noSuch("webhook_endpoint", c.req.param("id"));
    endpoint.deleted = true;
    return c.json({ id: endpoint.id, object: "webhook_endpoint", deleted: true });
  });
  app.get("/v1/events/:id", (c) => c.json(store.get("events", c.req.param("id"))));
  app.get("/v1/events", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "type",
      "types",
      "limit",
      "starting_after",
      "ending_before",
      "created",
      "delivery_success",
    ]);
    const type = str(form, "type");
    const types = list(form, "types");
    const matches = (t: string) =>
      (!type || (type.endsWith(".*") ? t.startsWith(type.slice(0, -1)) : t === type)) &&
      (!types || types.includes(t));
    const items = store.data.events.filter((e) => e.livemode === c.get("live") && matches(e.type));
    return c.json(paginate(items, form, "/v1/events", "event"));
  });
}
