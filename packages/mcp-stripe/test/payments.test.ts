import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { form, useStripeSandbox } from "./setup.js";

const { connect, sent, sandbox } = useStripeSandbox();

interface Payment {
  id: string;
  status: string;
  amount: number;
  amount_display: string;
  amount_refunded: number | null;
  latest_charge: string | null;
}

async function newCustomer(session: Awaited<ReturnType<typeof connect>>) {
  return structured<{ id: string }>(
    await session.call("stripe_customer_create", { email: "ada@example.com", name: "Ada" }),
  ).id;
}

describe("stripe_payment_create", () => {
  it("charges a test card and sends Stripe's form body with an Idempotency-Key", async () => {
    const session = await connect();
    const customer = await newCustomer(session);
    const result = await session.call("stripe_payment_create", {
      amount: 2000,
      currency: "USD",
      customer,
      payment_method: "pm_card_visa",
      description: "Order 42",
      metadata: { order: "42" },
      confirm: true,
      idempotency_key: "order-42",
    });
    const payment = structured<Payment>(result);
    expect(payment).toMatchObject({
      status: "succeeded",
      amount: 2000,
      amount_display: "$20.00 USD",
      amount_refunded: 0,
    });
    expect(payment.latest_charge).toMatch(/^ch_/);
    const post = sent("POST", "/v1/payment_intents").at(-1);
    expect(post?.headers["idempotency-key"]).toBe("order-42");
    expect(post?.headers.authorization).toMatch(/^Bearer sk_test_/);
    expect(post?.headers["stripe-version"]).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(form(post)).toMatchObject({
      amount: "2000",
      currency: "usd",
      customer,
      payment_method: "pm_card_visa",
      confirm: "true",
      "metadata[order]": "42",
      "expand[0]": "latest_charge",
    });
  });

  it("is one PaymentIntent when retried 50 times at once with the same key", async () => {
    const session = await connect();
    const before = sent("POST", "/v1/payment_intents").length;
    const args = {
      amount: 1500,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
      idempotency_key: "retry-storm-1",
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => session.call("stripe_payment_create", args)),
    );
    const ids = new Set(results.map((r) => structured<Payment>(r).id));
    expect(ids.size).toBe(1);
    expect(sent("POST", "/v1/payment_intents").length - before).toBe(1);
    const list = structured<{ payments: Payment[] }>(
      await session.call("stripe_payment_list", { limit: 100 }),
    );
    expect(list.payments.filter((p) => ids.has(p.id))).toEqual([
      expect.objectContaining({ status: "succeeded", amount_refunded: 0 }),
    ]);
  });

  it("is answered by Stripe itself when a retry reaches it from another server", async () => {
    // Two sessions are two runtimes with their own memory, like two gateway replicas.
    const args = {
      amount: 990,
      currency: "eur",
      payment_method: "pm_card_visa",
      confirm: true,
      idempotency_key: "replica-1",
    };
    const first = structured<Payment>(await (await connect()).call("stripe_payment_create", args));
    const second = structured<Payment>(await (await connect()).call("stripe_payment_create", args));
    expect(second.id).toBe(first.id);
    const posts = sent("POST", "/v1/payment_intents").filter(
      (r) => r.headers["idempotency-key"] === "replica-1",
    );
    expect(posts.map((r) => r.status)).toEqual([200, 200]);
    const charges = sandbox.recorder.requests.length; // replayed: no second charge was made
    expect(charges).toBeGreaterThan(0);
  });

  it("turns a declined card into a clear envelope with Stripe's decline_code", async () => {
    const session = await connect();
    const envelope = expectEnvelope(
      await session.call("stripe_payment_create", {
        amount: 5000,
        currency: "usd",
        payment_method: "pm_card_chargeDeclined",
        confirm: true,
      }),
      "invalid_request",
    );
    expect(envelope.message).toContain("Your card was declined");
    expect(envelope.message).toContain("generic_decline");
    expect(envelope.details).toMatchObject({
      platform_code: "card_declined",
      decline_code: "generic_decline",
      http_status: 402,
      stripe_type: "card_error",
    });
    expect(envelope.details?.payment_intent).toMatch(/^pi_/);
  });

  it("refuses an amount above STRIPE_MAX_AMOUNT before any request", async () => {
    const session = await connect({ STRIPE_MAX_AMOUNT: "usd:10000,jpy:5000" });
    const before = sandbox.recorder.requests.length;
    const envelope = expectEnvelope(
      await session.call("stripe_payment_create", {
        amount: 10001,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
      }),
      "policy_denied",
    );
    expect(envelope.message).toContain("$100.01 USD");
    expect(envelope.message).toContain("$100.00 USD");
    expectEnvelope(
      await session.call("stripe_payment_create", { amount: 6000, currency: "jpy" }),
      "policy_denied",
    );
    // A currency the operator did not list is refused too.
    expectEnvelope(
      await session.call("stripe_payment_create", { amount: 100, currency: "eur" }),
      "policy_denied",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
    const ok = structured<Payment>(
      await session.call("stripe_payment_create", { amount: 4000, currency: "jpy" }),
    );
    expect(ok).toMatchObject({ amount_display: "¥4,000 JPY", status: "requires_payment_method" });
  });

  it("validates amounts against the currency's minor units before sending", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    const envelope = expectEnvelope(
      await session.call("stripe_payment_create", { amount: 1005, currency: "kwd" }),
      "invalid_request",
    );
    expect(envelope.message).toContain("multiples of 10");
    expectEnvelope(
      await session.call("stripe_payment_create", { amount: 12.5, currency: "usd" }),
      "invalid_request",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("capture, cancel, get and list", () => {
  it("authorizes, captures and reads a payment", async () => {
    const session = await connect();
    const auth = structured<Payment>(
      await session.call("stripe_payment_create", {
        amount: 3000,
        currency: "usd",
        payment_method: "pm_card_mastercard",
        confirm: true,
        capture_method: "manual",
      }),
    );
    expect(auth.status).toBe("requires_capture");
    const captured = structured<Payment>(
      await session.call("stripe_payment_capture", {
        payment_intent: auth.id,
        amount_to_capture: 2500,
      }),
    );
    expect(captured.status).toBe("succeeded");
    expect(form(sent("POST", `/v1/payment_intents/${auth.id}/capture`).at(-1))).toMatchObject({
      amount_to_capture: "2500",
    });
    const again = expectEnvelope(
      await session.call("stripe_payment_capture", {
        payment_intent: auth.id,
        idempotency_key: "cap-2",
      }),
      "invalid_request",
    );
    expect(again.details?.platform_code).toBe("payment_intent_unexpected_state");
    const got = structured<Payment & { amount_received: number }>(
      await session.call("stripe_payment_get", { payment_intent: auth.id }),
    );
    expect(got.amount_received).toBe(2500);
    expect(sent("GET", `/v1/payment_intents/${auth.id}`).at(-1)?.query).toMatchObject({
      "expand[0]": "latest_charge",
    });
  });

  it("cancels an uncaptured payment, and reports an unknown one as not_found", async () => {
    const session = await connect();
    const created = structured<Payment>(
      await session.call("stripe_payment_create", { amount: 700, currency: "usd" }),
    );
    const canceled = structured<Payment & { cancellation_reason: string }>(
      await session.call("stripe_payment_cancel", {
        payment_intent: created.id,
        cancellation_reason: "abandoned",
      }),
    );
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    const missing = expectEnvelope(
      await session.call("stripe_payment_get", { payment_intent: "pi_doesnotexist" }),
      "not_found",
    );
    expect(missing.details).toMatchObject({ platform_code: "resource_missing", http_status: 404 });
  });

  it("pages through payments with opaque cursors", async () => {
    const session = await connect();
    for (const amount of [501, 502, 503]) {
      await session.call("stripe_payment_create", { amount, currency: "usd" });
    }
    const first = structured<{ payments: Payment[]; next_cursor: string | null }>(
      await session.call("stripe_payment_list", { limit: 2 }),
    );
    expect(first.payments.map((p) => p.amount)).toEqual([503, 502]);
    expect(first.next_cursor).not.toBeNull();
    const second = structured<{ payments: Payment[] }>(
      await session.call("stripe_payment_list", { limit: 2, cursor: first.next_cursor }),
    );
    expect(second.payments[0]?.amount).toBe(501);
    expect(sent("GET", "/v1/payment_intents").at(-1)?.query.starting_after).toBe(
      first.payments[1]?.id,
    );
    expectEnvelope(
      await session.call("stripe_payment_list", { cursor: "not-a-cursor" }),
      "invalid_request",
    );
  });
});
