import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { form, useStripeSandbox } from "./setup.js";

const { connect, sent } = useStripeSandbox();

interface Subscription {
  id: string;
  status: string;
  customer: string;
  items: Array<{ id: string; price: string; quantity: number; current_period_end: string }>;
  cancel_at_period_end: boolean;
  cancel_at: string | null;
  latest_invoice: string;
}

async function catalog(session: Awaited<ReturnType<typeof connect>>) {
  const product = structured<{ id: string; name: string }>(
    await session.call("stripe_product_create", { name: "Pro plan", description: "Everything" }),
  );
  const monthly = structured<{ id: string; amount_display: string; type: string }>(
    await session.call("stripe_price_create", {
      product: product.id,
      unit_amount: 1500,
      currency: "usd",
      recurring: { interval: "month" },
      nickname: "monthly",
    }),
  );
  const yearly = structured<{ id: string }>(
    await session.call("stripe_price_create", {
      product: product.id,
      unit_amount: 15000,
      currency: "usd",
      recurring: { interval: "year" },
    }),
  );
  const once = structured<{ id: string; type: string }>(
    await session.call("stripe_price_create", {
      product: product.id,
      unit_amount: 500,
      currency: "usd",
    }),
  );
  return { product, monthly, yearly, once };
}

describe("products and prices", () => {
  it("creates and lists them", async () => {
    const session = await connect();
    const { product, monthly, once } = await catalog(session);
    expect(monthly).toMatchObject({ amount_display: "$15.00 USD", type: "recurring" });
    expect(once.type).toBe("one_time");
    expect(form(sent("POST", "/v1/prices").at(-3))).toMatchObject({
      product: product.id,
      unit_amount: "1500",
      currency: "usd",
      "recurring[interval]": "month",
      "recurring[interval_count]": "1",
    });
    const prices = structured<{ prices: Array<{ id: string }> }>(
      await session.call("stripe_price_list", { product: product.id, type: "recurring" }),
    );
    expect(prices.prices).toHaveLength(2);
    const products = structured<{ products: Array<{ id: string; default_price: string }> }>(
      await session.call("stripe_product_list", { active: true }),
    );
    expect(products.products.find((p) => p.id === product.id)?.default_price).toBe(monthly.id);
    expectEnvelope(
      await session.call("stripe_price_create", {
        product: "prod_missing",
        unit_amount: 1,
        currency: "usd",
      }),
      "not_found",
    );
  });
});

describe("subscriptions and invoices", () => {
  it("subscribes, changes, reads, lists and cancels at period end", async () => {
    const session = await connect();
    const { monthly, yearly, once } = await catalog(session);
    const customer = structured<{ id: string }>(
      await session.call("stripe_customer_create", { name: "Sub", payment_method: "pm_card_visa" }),
    ).id;
    const sub = structured<Subscription>(
      await session.call("stripe_subscription_create", {
        customer,
        price: monthly.id,
        quantity: 2,
      }),
    );
    expect(sub).toMatchObject({ status: "active", customer, cancel_at_period_end: false });
    expect(sub.items[0]).toMatchObject({ price: monthly.id, quantity: 2 });
    expect(form(sent("POST", "/v1/subscriptions").at(-1))).toMatchObject({
      customer,
      "items[0][price]": monthly.id,
      "items[0][quantity]": "2",
    });

    const invoice = structured<{
      invoice: { data: { status: string; amount_paid: number; subscription: string } };
    }>(await session.call("stripe_invoice_get", { invoice: sub.latest_invoice }));
    expect(invoice.invoice.data).toMatchObject({
      status: "paid",
      amount_paid: 3000,
      subscription: sub.id,
    });
    const invoices = structured<{ invoices: { data: Array<{ id: string }> } }>(
      await session.call("stripe_invoice_list", { customer }),
    );
    expect(invoices.invoices.data.map((i) => i.id)).toEqual([sub.latest_invoice]);

    const changed = structured<Subscription>(
      await session.call("stripe_subscription_update", {
        subscription: sub.id,
        price: yearly.id,
        quantity: 1,
      }),
    );
    expect(changed.items).toHaveLength(1);
    expect(changed.items[0]).toMatchObject({ id: sub.items[0]?.id, price: yearly.id, quantity: 1 });
    expect(form(sent("POST", `/v1/subscriptions/${sub.id}`).at(-1))).toMatchObject({
      "items[0][id]": sub.items[0]?.id,
      "items[0][price]": yearly.id,
      proration_behavior: "create_prorations",
    });
    expectEnvelope(
      await session.call("stripe_subscription_update", { subscription: sub.id, price: once.id }),
      "invalid_request",
    );

    const canceled = structured<Subscription>(
      await session.call("stripe_subscription_cancel", { subscription: sub.id }),
    );
    expect(canceled).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect(canceled.cancel_at).toBe(canceled.items[0]?.current_period_end);
    const got = structured<Subscription>(
      await session.call("stripe_subscription_get", { subscription: sub.id }),
    );
    expect(got.cancel_at_period_end).toBe(true);
    const list = structured<{ subscriptions: Subscription[] }>(
      await session.call("stripe_subscription_list", { customer }),
    );
    expect(list.subscriptions.map((s) => s.id)).toEqual([sub.id]);

    const ended = structured<Subscription>(
      await session.call("stripe_subscription_cancel", {
        subscription: sub.id,
        at_period_end: false,
      }),
    );
    expect(ended.status).toBe("canceled");
    expect(sent("DELETE", `/v1/subscriptions/${sub.id}`)).toHaveLength(1);
  });

  it("reports Stripe's refusal when the customer has no payment method", async () => {
    const session = await connect();
    const { monthly } = await catalog(session);
    const customer = structured<{ id: string }>(
      await session.call("stripe_customer_create", { name: "NoPM" }),
    ).id;
    const envelope = expectEnvelope(
      await session.call("stripe_subscription_create", { customer, price: monthly.id }),
      "invalid_request",
    );
    expect(envelope.message).toContain("no attached payment source");
  });

  it("creates a payment link for prices", async () => {
    const session = await connect();
    const { once } = await catalog(session);
    const link = structured<{ id: string; url: string }>(
      await session.call("stripe_payment_link_create", {
        line_items: [{ price: once.id, quantity: 3 }],
      }),
    );
    expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
    expect(form(sent("POST", "/v1/payment_links").at(-1))).toMatchObject({
      "line_items[0][price]": once.id,
      "line_items[0][quantity]": "3",
    });
    expectEnvelope(
      await session.call("stripe_payment_link_create", { line_items: [{ price: "price_nope" }] }),
      "not_found",
    );
  });
});

describe("Stripe's Idempotency-Key", () => {
  it("was on every POST this file sent", () => {
    const posts = useStripeSandboxRequests();
    expect(posts.length).toBeGreaterThan(10);
    expect(posts.filter((r) => !r.headers["idempotency-key"])).toEqual([]);
  });
});

function useStripeSandboxRequests() {
  return sent("POST", /^\/v1\//);
}
