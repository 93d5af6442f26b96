import { createHmac, randomBytes } from "node:crypto";
import { invalid, noSuch } from "./errors.js";
import type { Form } from "./form.js";

// biome-ignore lint/suspicious/noExplicitAny: Stripe objects are open-ended JSON documents
export type Obj = Record<string, any> & { id: string; object: string; created: number };

export const API_VERSION = "2026-10-28.endive";

/** Resource names as Stripe's errors spell them, by collection. */
const NOUNS = {
  customers: "customer",
  payment_intents: "payment_intent",
  charges: "charge",
  refunds: "refund",
  products: "product",
  prices: "price",
  subscriptions: "subscription",
  invoices: "invoice",
  payment_links: "payment_link",
  webhook_endpoints: "webhook_endpoint",
  events: "event",
} as const;

export type Collection = keyof typeof NOUNS;

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(18).toString("base64url").replace(/[-_]/g, "").slice(0, 24)}`;
}

export const now = () => Math.floor(Date.now() / 1000);

/** All objects of one stand-in, newest last, plus events and their delivery to endpoints. */
export class Store {
  readonly data: Record<Collection, Obj[]> = Object.fromEntries(
    Object.keys(NOUNS).map((k) => [k, []]),
  ) as unknown as Record<Collection, Obj[]>;
  /** Deliveries under way, so a test can wait for them. */
  readonly deliveries = new Set<Promise<void>>();

  add(collection: Collection, obj: Obj): Obj {
    this.data[collection].push(obj);
    return obj;
  }

  find(collection: Collection, id: string): Obj | undefined {
    return this.data[collection].find((o) => o.id === id);
  }

  get(collection: Collection, id: string, param = "id"): Obj {
    const found = this.find(collection, id);
    if (!found || found.deleted) throw noSuch(NOUNS[collection], id, param);
    return found;
  }

  /** Any object by id, for `expand[]`. */
  byId(id: string): Obj | undefined {
    for (const list of Object.values(this.data)) {
      const found = list.find((o) => o.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Records an event and delivers it, signed, to every enabled endpoint that wants it. */
  emit(type: string, object: Obj, livemode: boolean, request: { id: string; key?: string }) {
    const event: Obj = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: now(),
      data: { object: structuredClone(object) },
      livemode,
      pending_webhooks: 0,
      request: { id: request.id, idempotency_key: request.key ?? null },
      type,
    };
    const targets = this.data.webhook_endpoints.filter(
      (w) =>
        !w.deleted &&
        w.status === "enabled" &&
        (w.enabled_events.includes("*") || w.enabled_events.includes(type)),
    );
    event.pending_webhooks = targets.length;
    this.add("events", event);
    for (const endpoint of targets) {
      const delivery = deliver(endpoint, event).finally(() => this.deliveries.delete(delivery));
      this.deliveries.add(delivery);
    }
  }
}

/** Stripe's `Stripe-Signature: t=<unix>,v1=<hmac-sha256(secret, "t.payload")>`. */
export function signature(payload: string, secret: string, timestamp = now()): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

async function deliver(endpoint: Obj, event: Obj): Promise<void> {
  const payload = JSON.stringify(event, null, 2);
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        "stripe-signature": signature(payload, endpoint.secret),
      },
      body: payload,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (response.ok) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
  } catch {
    // Stripe retries failed deliveries for days; the stand-in leaves the event pending.
  }
}

/**
 * Stripe's list envelope with `limit`, `starting_after` and `ending_before`, newest first.
 * An unknown cursor id is a 400 naming the parameter, as Stripe answers.
 */
export function paginate(items: Obj[], query: Form, url: string, noun: string) {
  const limitText = typeof query.limit === "string" ? query.limit : "10";
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
    throw invalid(
      "This value must be greater than or equal to 1 and less than or equal to 100.",
      "limit",
      "parameter_invalid_integer",
    );
  }
  const newest = [...items].reverse();
  let start = 0;
  let end = newest.length;
  const after = query.starting_after;
  const before = query.ending_before;
  if (typeof after === "string") {
    const index = newest.findIndex((o) => o.id === after);
    if (index < 0) throw noSuch(noun, after, "starting_after");
    start = index + 1;
  } else if (typeof before === "string") {
    const index = newest.findIndex((o) => o.id === before);
    if (index < 0) throw noSuch(noun, before, "ending_before");
    end = index;
    start = Math.max(0, end - limit);
  }
  const data = newest.slice(start, Math.min(end, start + limit));
  const hasMore = typeof before === "string" ? start > 0 : start + limit < end;
  return { object: "list", data, has_more: hasMore, url };
}

/** `expand[]` of first-level id fields (`latest_charge`, `customer`, `latest_invoice`). */
export function expand(store: Store, obj: Obj, query: Form): Obj {
  const paths = Array.isArray(query.expand) ? query.expand : [];
  if (paths.length === 0) return obj;
  const copy: Obj = { ...obj };
  for (const path of paths) {
    if (typeof path !== "string") continue;
    const field = path.replace(/^data\./, "");
    const value = copy[field];
    if (typeof value !== "string" && value !== null) {
      throw invalid(
        `This property cannot be expanded (${path}).`,
        "expand",
        "parameter_invalid_expand",
      );
    }
    if (typeof value === "string") copy[field] = store.byId(value) ?? value;
  }
  return copy;
}
