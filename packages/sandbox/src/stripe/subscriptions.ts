import { emitter, type StripeApp, type StripeContext } from "./context.js";
import { invalid } from "./errors.js";
import type { FormValue } from "./form.js";
import { bool, checkKnown, int, list, metadata, need, oneOf, str } from "./params.js";
import { expand, newId, now, type Obj, paginate, type Store } from "./store.js";

const SECONDS: Record<string, number> = {
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
  year: 31_536_000,
};

function periodEnd(price: Obj, start: number): number {
  return start + SECONDS[price.recurring.interval]! * price.recurring.interval_count;
}

/** Subscriptions with periods on their items, an invoice per period, cancel now or at period end. */
export function subscriptionRoutes(app: StripeApp, store: Store): void {
  const emit = emitter(store);

  const recurringPrice = (id: string, param: string) => {
    const price = store.get("prices", id, param);
    if (price.type !== "recurring") {
      throw invalid(
        "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
        param,
      );
    }
    return price;
  };

  const item = (sub: Obj, price: Obj, quantity: number, start: number): Obj => ({
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: now(),
    current_period_end: periodEnd(price, start),
    current_period_start: start,
    discounts: [],
    metadata: {},
    plan: null,
    price,
    quantity,
    subscription: sub.id,
    tax_rates: [],
  });

  const invoice = (c: StripeContext, sub: Obj, paid: boolean): Obj => {
    const customer = store.get("customers", sub.customer, "customer");
    const lines = sub.items.data.map((i: Obj) => ({
      id: newId("il"),
      object: "line_item",
      amount: i.price.unit_amount * i.quantity,
      currency: i.price.currency,
      description: `${i.quantity} × ${i.price.nickname ?? i.price.product}`,
      period: { start: i.current_period_start, end: i.current_period_end },
      quantity: i.quantity,
    }));
    const total = lines.reduce((sum: number, l: Obj) => sum + l.amount, 0);
    const id = newId("in");
    const inv: Obj = {
      id,
      object: "invoice",
      account_country: "US",
      account_name: "Agent Mesh Sandbox",
      amount_due: total,
      amount_paid: paid ? total : 0,
      amount_remaining: paid ? 0 : total,
      attempt_count: paid ? 1 : 0,
      attempted: paid,
      billing_reason: "subscription_create",
      collection_method: sub.collection_method,
      created: now(),
      currency: sub.currency,
      customer: customer.id,
      customer_email: customer.email,
      customer_name: customer.name,
      description: null,
      due_date: null,
      hosted_invoice_url: `https://invoice.stripe.com/i/${id}`,
      invoice_pdf: `https://pay.stripe.com/invoice/${id}/pdf`,
      lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
      livemode: c.get("live"),
      metadata: {},
      number: `${customer.invoice_prefix}-${String(customer.next_invoice_sequence++).padStart(4, "0")}`,
      parent: { subscription_details: { subscription: sub.id }, type: "subscription_details" },
      period_end: sub.items.data[0].current_period_end,
      period_start: sub.items.data[0].current_period_start,
      status: paid ? "paid" : "open",
      status_transitions: { finalized_at: now(), paid_at: paid ? now() : null },
      subtotal: total,
      total,
    };
    store.add("invoices", inv);
    emit(c, paid ? "invoice.paid" : "invoice.finalized", inv);
    return inv;
  };

  const parseItems = (value: FormValue[] | undefined) =>
    (value ?? []).map((entry, index) => {
      if (typeof entry !== "object" || Array.isArray(entry))
        throw invalid("Invalid hash", `items[${index}]`);
      return {
        id: str(entry, "id"),
        price: str(entry, "price"),
        quantity: int(entry, "quantity", 1),
        deleted: bool(entry, "deleted"),
      };
    });

  app.post("/v1/subscriptions", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "customer",
      "items",
      "metadata",
      "default_payment_method",
      "collection_method",
      "days_until_due",
      "cancel_at_period_end",
      "description",
    ]);
    const customer = store.get("customers", need(form, "customer"), "customer");
    const items = parseItems(list(form, "items"));
    if (items.length === 0)
      throw invalid("Missing required param: items.", "items", "parameter_missing");
    const collection =
      oneOf(form, "collection_method", ["charge_automatically", "send_invoice"]) ??
      "charge_automatically";
    const pm =
      str(form, "default_payment_method") ?? customer.invoice_settings.default_payment_method;
    if (collection === "charge_automatically" && !pm) {
      throw invalid(
        "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
        undefined,
        "resource_missing",
      );
    }
    const prices = items.map((i, index) => {
      if (!i.price)
        throw invalid(
          `Missing required param: items[${index}][price].`,
          `items[${index}][price]`,
          "parameter_missing",
        );
      return recurringPrice(i.price, `items[${index}][price]`);
    });
    const currencies = new Set(prices.map((p) => p.currency));
    if (currencies.size > 1)
      throw invalid("All prices on a subscription must have the same currency.", "items");
    const start = now();
    const sub: Obj = {
      id: newId("sub"),
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: start,
      billing_mode: { type: "flexible" },
      cancel_at: null,
      cancel_at_period_end: bool(form, "cancel_at_period_end") ?? false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      collection_method: collection,
      created: start,
      currency: prices[0]!.currency,
      customer: customer.id,
      days_until_due: collection === "send_invoice" ? (int(form, "days_until_due", 0) ?? 30) : null,
      default_payment_method: pm ?? null,
      description: str(form, "description") ?? null,
      discounts: [],
      ended_at: null,
      latest_invoice: null,
      livemode: c.get("live"),
      metadata: metadata(form),
      start_date: start,
      status: "active",
      trial_end: null,
      trial_start: null,
    };
    sub.items = {
      object: "list",
      data: prices.map((p, index) => item(sub, p, items[index]!.quantity ?? 1, start)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    };
    store.add("subscriptions", sub);
    sub.latest_invoice = invoice(c, sub, collection === "charge_automatically").id;
    emit(c, "customer.subscription.created", sub);
    return c.json(expand(store, sub, form));
  });

  app.get("/v1/subscriptions/:id", (c) =>
    c.json(expand(store, store.get("subscriptions", c.req.param("id")), c.get("form"))),
  );

  app.get("/v1/subscriptions", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "customer",
      "price",
      "status",
      "limit",
      "starting_after",
      "ending_before",
      "created",
    ]);
    const customer = str(form, "customer");
    const price = str(form, "price");
    const status = str(form, "status") ?? "active";
    const items = store.data.subscriptions.filter(
      (s) =>
        (!customer || s.customer === customer) &&
        (!price || s.items.data.some((i: Obj) => i.price.id === price)) &&
        (status === "all" || s.status === status),
    );
    return c.json(paginate(items, form, "/v1/subscriptions", "subscription"));
  });

  app.post("/v1/subscriptions/:id", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "items",
      "cancel_at_period_end",
      "metadata",
      "proration_behavior",
      "description",
      "default_payment_method",
    ]);
    const sub = store.get("subscriptions", c.req.param("id"));
    if (sub.status === "canceled") {
      throw invalid(
        `A canceled subscription can only update its cancellation_details and metadata.`,
        undefined,
        "resource_missing",
      );
    }
    oneOf(form, "proration_behavior", ["create_prorations", "none", "always_invoice"]);
    for (const [index, change] of parseItems(list(form, "items")).entries()) {
      const existing = change.id ? sub.items.data.find((i: Obj) => i.id === change.id) : undefined;
      if (change.id && !existing)
        throw invalid(
          `No such subscription item: '${change.id}'`,
          `items[${index}][id]`,
          "resource_missing",
        );
      if (existing) {
        if (change.price) {
          const price = recurringPrice(change.price, `items[${index}][price]`);
          if (price.currency !== sub.currency)
            throw invalid(
              "The price's currency must match the subscription's currency.",
              `items[${index}][price]`,
            );
          existing.price = price;
        }
        if (change.quantity !== undefined) existing.quantity = change.quantity;
      } else {
        if (!change.price)
          throw invalid(
            `Missing required param: items[${index}][price].`,
            `items[${index}][price]`,
            "parameter_missing",
          );
        const start = sub.items.data[0].current_period_start;
        sub.items.data.push(
          item(
            sub,
            recurringPrice(change.price, `items[${index}][price]`),
            change.quantity ?? 1,
            start,
          ),
        );
      }
    }
    const atEnd = bool(form, "cancel_at_period_end");
    if (atEnd !== undefined) {
      sub.cancel_at_period_end = atEnd;
      sub.cancel_at = atEnd ? sub.items.data[0].current_period_end : null;
      sub.canceled_at = atEnd ? now() : null;
      sub.cancellation_details.reason = atEnd ? "cancellation_requested" : null;
    }
    sub.metadata = metadata(form, sub.metadata);
    const description = str(form, "description");
    if (description !== undefined) sub.description = description || null;
    emit(c, "customer.subscription.updated", sub);
    return c.json(expand(store, sub, form));
  });

  app.delete("/v1/subscriptions/:id", (c) => {
    const sub = store.get("subscriptions", c.req.param("id"));
    if (sub.status === "canceled") {
      throw invalid(`No such subscription: '${sub.id}'`, "id", "resource_missing");
    }
    Object.assign(sub, {
      status: "canceled",
      canceled_at: now(),
      ended_at: now(),
      cancel_at_period_end: false,
    });
    sub.cancellation_details.reason = "cancellation_requested";
    emit(c, "customer.subscription.deleted", sub);
    return c.json(sub);
  });

  app.get("/v1/invoices/:id", (c) =>
    c.json(expand(store, store.get("invoices", c.req.param("id")), c.get("form"))),
  );
  app.get("/v1/invoices", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "customer",
      "subscription",
      "status",
      "limit",
      "starting_after",
      "ending_before",
      "created",
    ]);
    const customer = str(form, "customer");
    const sub = str(form, "subscription");
    const status = oneOf(form, "status", ["draft", "open", "paid", "uncollectible", "void"]);
    const items = store.data.invoices.filter(
      (i) =>
        (!customer || i.customer === customer) &&
        (!sub || i.parent?.subscription_details?.subscription === sub) &&
        (!status || i.status === status),
    );
    return c.json(paginate(items, form, "/v1/invoices", "invoice"));
  });

  app.post("/v1/payment_links", (c) => {
    const form = c.get("form");
    checkKnown(form, ["line_items", "metadata", "after_completion", "allow_promotion_codes"]);
    const lines = list(form, "line_items");
    if (!lines || lines.length === 0)
      throw invalid("Missing required param: line_items.", "line_items", "parameter_missing");
    const items = lines.map((line, index) => {
      if (typeof line !== "object" || Array.isArray(line))
        throw invalid("Invalid hash", `line_items[${index}]`);
      const price = store.get("prices", need(line, "price"), `line_items[${index}][price]`);
      if (!price.active)
        throw invalid(`The price ${price.id} is not active.`, `line_items[${index}][price]`);
      return { price, quantity: int(line, "quantity", 1) ?? 1 };
    });
    const id = newId("plink");
    const link: Obj = {
      id,
      object: "payment_link",
      active: true,
      after_completion: {
        hosted_confirmation: { custom_message: null },
        type: "hosted_confirmation",
      },
      allow_promotion_codes: bool(form, "allow_promotion_codes") ?? false,
      application: null,
      application_fee_amount: null,
      application_fee_percent: null,
      automatic_tax: { enabled: false, liability: null },
      billing_address_collection: "auto",
      created: now(),
      currency: items[0]!.price.currency,
      line_items: {
        object: "list",
        data: items.map((i) => ({ price: i.price, quantity: i.quantity })),
        has_more: false,
      },
      livemode: c.get("live"),
      metadata: metadata(form),
      payment_method_types: null,
      url: `https://buy.stripe.com/${c.get("live") ? "" : "test_"}${id.slice(6, 20)}`,
    };
    store.add("payment_links", link);
    return c.json(link);
  });
}
