import { emitter, type StripeApp } from "./context.js";
import { invalid, StripeFailure } from "./errors.js";
import {
  bool,
  checkChargeAmount,
  checkKnown,
  currency,
  int,
  metadata,
  oneOf,
  str,
} from "./params.js";
import { expand, newId, now, type Obj, paginate, type Store } from "./store.js";

/** Stripe's test payment methods: what each does when a payment is confirmed. */
const TEST_CARDS: Record<string, { brand: string; last4: string; decline?: string }> = {
  pm_card_visa: { brand: "visa", last4: "4242" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444" },
  pm_card_amex: { brand: "amex", last4: "8431" },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002", decline: "generic_decline" },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    decline: "insufficient_funds",
  },
};

const PI_PARAMS = [
  "amount",
  "currency",
  "customer",
  "payment_method",
  "description",
  "metadata",
  "confirm",
  "capture_method",
  "receipt_email",
  "payment_method_types",
  "statement_descriptor_suffix",
];

function paymentIntent(c: { get(k: "live"): boolean }, fields: Partial<Obj>): Obj {
  const id = newId("pi");
  return {
    id,
    object: "payment_intent",
    amount: 0,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_${newId("x").slice(2)}`,
    confirmation_method: "automatic",
    created: now(),
    currency: "usd",
    customer: null,
    description: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: c.get("live"),
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
    ...fields,
  };
}

function charge(pi: Obj, card: { brand: string; last4: string }, captured: boolean): Obj {
  return {
    id: newId("ch"),
    object: "charge",
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    balance_transaction: captured ? newId("txn") : null,
    billing_details: { address: null, email: null, name: null, phone: null },
    captured,
    created: now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_code: null,
    failure_message: null,
    livemode: pi.livemode,
    metadata: { ...pi.metadata },
    outcome: {
      network_status: "approved_by_network",
      risk_level: "normal",
      seller_message: "Payment complete.",
      type: "authorized",
    },
    paid: true,
    payment_intent: pi.id,
    payment_method: pi.payment_method,
    payment_method_details: { card: { brand: card.brand, last4: card.last4 }, type: "card" },
    receipt_email: pi.receipt_email,
    receipt_url: `https://pay.stripe.com/receipts/${pi.id}`,
    refunded: false,
    refunds: { object: "list", data: [], has_more: false, url: "/v1/refunds" },
    status: "succeeded",
  };
}

/** PaymentIntents (create, confirm on create, capture, cancel), their charges, refunds, balance. */
export function paymentRoutes(app: StripeApp, store: Store): void {
  const emit = emitter(store);

  /** Confirms with a test card: succeeds, waits for capture, or declines with Stripe's 402. */
  const confirm = (c: Parameters<typeof emit>[0], pi: Obj) => {
    const card = TEST_CARDS[pi.payment_method];
    if (!card)
      throw invalid(
        `No such PaymentMethod: '${pi.payment_method}'`,
        "payment_method",
        "resource_missing",
      );
    if (card.decline) {
      const failed = charge(pi, card, false);
      Object.assign(failed, {
        status: "failed",
        paid: false,
        failure_code: "card_declined",
        failure_message: "Your card was declined.",
        balance_transaction: null,
      });
      store.add("charges", failed);
      const error = {
        type: "card_error" as const,
        code: "card_declined",
        decline_code: card.decline,
        message:
          card.decline === "insufficient_funds"
            ? "Your card has insufficient funds."
            : "Your card was declined.",
        charge: failed.id,
      };
      Object.assign(pi, {
        status: "requires_payment_method",
        latest_charge: failed.id,
        last_payment_error: {
          ...error,
          payment_method: { id: pi.payment_method, object: "payment_method", type: "card" },
        },
      });
      emit(c, "payment_intent.payment_failed", pi);
      throw new StripeFailure(402, { ...error, payment_intent: structuredClone(pi) });
    }
    const manual = pi.capture_method === "manual";
    const ch = store.add("charges", charge(pi, card, !manual));
    Object.assign(pi, {
      latest_charge: ch.id,
      status: manual ? "requires_capture" : "succeeded",
      amount_capturable: manual ? pi.amount : 0,
      amount_received: manual ? 0 : pi.amount,
      last_payment_error: null,
    });
    emit(c, manual ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded", pi);
    if (!manual) emit(c, "charge.succeeded", ch);
  };

  app.post("/v1/payment_intents", (c) => {
    const form = c.get("form");
    checkKnown(form, PI_PARAMS);
    const amount = int(form, "amount", 1);
    if (amount === undefined)
      throw invalid("Missing required param: amount.", "amount", "parameter_missing");
    const cur = currency(form);
    checkChargeAmount(amount, cur);
    const customer = str(form, "customer");
    if (customer !== undefined) store.get("customers", customer, "customer");
    const pm = str(form, "payment_method");
    if (pm !== undefined && !TEST_CARDS[pm]) {
      throw invalid(`No such PaymentMethod: '${pm}'`, "payment_method", "resource_missing");
    }
    const shouldConfirm = bool(form, "confirm") ?? false;
    if (shouldConfirm && pm === undefined) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus, specify a payment method attached to this customer along with the customer ID.",
        "payment_method",
        "payment_intent_unexpected_state",
      );
    }
    const pi = paymentIntent(c, {
      amount,
      currency: cur,
      customer: customer ?? null,
      payment_method: pm ?? null,
      description: str(form, "description") ?? null,
      receipt_email: str(form, "receipt_email") ?? null,
      metadata: metadata(form),
      capture_method:
        oneOf(form, "capture_method", ["automatic", "automatic_async", "manual"]) ?? "automatic",
      status: pm ? "requires_confirmation" : "requires_payment_method",
    });
    store.add("payment_intents", pi);
    emit(c, "payment_intent.created", pi);
    if (shouldConfirm) confirm(c, pi);
    return c.json(expand(store, pi, form));
  });

  app.get("/v1/payment_intents/:id", (c) =>
    c.json(expand(store, store.get("payment_intents", c.req.param("id"), "intent"), c.get("form"))),
  );

  app.get("/v1/payment_intents", (c) => {
    const form = c.get("form");
    checkKnown(form, ["customer", "limit", "starting_after", "ending_before", "created"]);
    const customer = str(form, "customer");
    const items = store.data.payment_intents.filter((p) => !customer || p.customer === customer);
    const page = paginate(items, form, "/v1/payment_intents", "payment_intent");
    // `expand[]=data.latest_charge` expands each item of the list.
    return c.json({ ...page, data: page.data.map((pi) => expand(store, pi, form)) });
  });

  app.post("/v1/payment_intents/:id/capture", (c) => {
    const form = c.get("form");
    checkKnown(form, ["amount_to_capture", "metadata"]);
    const pi = store.get("payment_intents", c.req.param("id"), "intent");
    if (pi.status !== "requires_capture") {
      throw invalid(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        undefined,
        "payment_intent_unexpected_state",
      );
    }
    const amount = int(form, "amount_to_capture", 1) ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalid(
        "The amount_to_capture must be less than or equal to the PaymentIntent's amount_capturable.",
        "amount_to_capture",
        "amount_too_large",
      );
    }
    const ch = store.get("charges", pi.latest_charge);
    Object.assign(ch, {
      captured: true,
      amount_captured: amount,
      balance_transaction: newId("txn"),
    });
    Object.assign(pi, {
      status: "succeeded",
      amount_received: amount,
      amount_capturable: 0,
      metadata: metadata(form, pi.metadata),
    });
    emit(c, "payment_intent.succeeded", pi);
    emit(c, "charge.captured", ch);
    return c.json(expand(store, pi, form));
  });

  app.post("/v1/payment_intents/:id/cancel", (c) => {
    const form = c.get("form");
    checkKnown(form, ["cancellation_reason"]);
    const pi = store.get("payment_intents", c.req.param("id"), "intent");
    if (pi.status === "succeeded" || pi.status === "canceled") {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        undefined,
        "payment_intent_unexpected_state",
      );
    }
    const reason = oneOf(form, "cancellation_reason", [
      "duplicate",
      "fraudulent",
      "requested_by_customer",
      "abandoned",
    ]);
    Object.assign(pi, {
      status: "canceled",
      canceled_at: now(),
      cancellation_reason: reason ?? null,
      amount_capturable: 0,
    });
    emit(c, "payment_intent.canceled", pi);
    return c.json(expand(store, pi, form));
  });

  app.post("/v1/refunds", (c) => {
    const form = c.get("form");
    checkKnown(form, ["payment_intent", "charge", "amount", "reason", "metadata"]);
    const piId = str(form, "payment_intent");
    const chargeId = str(form, "charge");
    if (!piId && !chargeId)
      throw invalid(
        "One of the following params should be provided for this request: payment_intent or charge.",
        "payment_intent",
        "parameter_missing",
      );
    const pi = piId ? store.get("payment_intents", piId, "payment_intent") : undefined;
    const ch = pi
      ? pi.latest_charge && store.find("charges", pi.latest_charge)
      : store.get("charges", chargeId!, "charge");
    if (!ch?.captured || ch.status !== "succeeded") {
      throw invalid(
        `This PaymentIntent (${piId ?? ch?.payment_intent}) does not have a successful charge to refund.`,
        "payment_intent",
        "charge_not_refundable",
      );
    }
    const left = ch.amount_captured - ch.amount_refunded;
    if (left <= 0) {
      throw invalid(
        `Charge ${ch.id} has already been refunded.`,
        undefined,
        "charge_already_refunded",
      );
    }
    const amount = int(form, "amount", 1) ?? left;
    if (amount > left) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        "amount",
        "amount_too_large",
      );
    }
    const refund: Obj = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      destination_details: { card: { type: "refund" }, type: "card" },
      metadata: metadata(form),
      payment_intent: ch.payment_intent,
      reason: oneOf(form, "reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    };
    store.add("refunds", refund);
    ch.amount_refunded += amount;
    ch.refunded = ch.amount_refunded === ch.amount_captured;
    ch.refunds.data.unshift(refund);
    emit(c, "refund.created", refund);
    emit(c, "charge.refunded", ch);
    return c.json(expand(store, refund, form));
  });

  app.get("/v1/refunds", (c) => {
    const form = c.get("form");
    checkKnown(form, [
      "payment_intent",
      "charge",
      "limit",
      "starting_after",
      "ending_before",
      "created",
    ]);
    const pi = str(form, "payment_intent");
    const ch = str(form, "charge");
    const items = store.data.refunds.filter(
      (r) => (!pi || r.payment_intent === pi) && (!ch || r.charge === ch),
    );
    return c.json(paginate(items, form, "/v1/refunds", "refund"));
  });

  app.get("/v1/charges/:id", (c) =>
    c.json(expand(store, store.get("charges", c.req.param("id")), c.get("form"))),
  );

  app.get("/v1/balance", (c) => {
    const totals = new Map<string, number>();
    for (const ch of store.data.charges) {
      if (!ch.captured || ch.livemode !== c.get("live")) continue;
      totals.set(
        ch.currency,
        (totals.get(ch.currency) ?? 0) + ch.amount_captured - ch.amount_refunded,
      );
    }
    if (totals.size === 0) totals.set("usd", 0);
    const funds = [...totals].map(([cur, amount]) => ({
      amount,
      currency: cur,
      source_types: { card: amount },
    }));
    return c.json({
      object: "balance",
      available: funds,
      connect_reserved: [],
      livemode: c.get("live"),
      pending: funds.map((f) => ({ ...f, amount: 0, source_types: { card: 0 } })),
    });
  });
}
