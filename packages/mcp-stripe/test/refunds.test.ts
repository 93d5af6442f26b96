import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { acceptAll, form, STRIPE_SANDBOX_KEYS, useStripeSandbox } from "./setup.js";

const { connect, sent, sandbox } = useStripeSandbox();

async function paidPayment(amount = 5000, currency = "usd") {
  const session = await connect();
  return structured<{ id: string }>(
    await session.call("stripe_payment_create", {
      amount,
      currency,
      payment_method: "pm_card_visa",
      confirm: true,
    }),
  ).id;
}

describe("stripe_refund_create", () => {
  it("is refused without confirmation, and with a changed amount after it; sends nothing until confirmed", async () => {
    const pi = await paidPayment();
    const session = await connect({}, {}); // no elicitation: the confirm-token flow
    const before = sandbox.recorder.requests.length;
    const args = { payment_intent: pi, amount: 2000, currency: "usd" };
    const asked = expectEnvelope(
      await session.call("stripe_refund_create", args),
      "confirmation_required",
    );
    expect(asked.message).toContain(`Refund $20.00 USD of ${pi}`);
    expect(asked.message).not.toContain("LIVE MODE");
    const token = asked.details?.confirm_token as string;
    // The token was for $20.00: a different amount is refused and gets a fresh token.
    const changed = expectEnvelope(
      await session.call("stripe_refund_create", { ...args, amount: 4000, confirm_token: token }),
      "confirmation_required",
    );
    expect(changed.message).toContain("Refund $40.00 USD");
    expect(changed.details?.confirm_token).not.toBe(token);
    expect(sandbox.recorder.requests.length).toBe(before);

    const refund = structured<{
      id: string;
      amount: number;
      amount_display: string;
      status: string;
    }>(await session.call("stripe_refund_create", { ...args, confirm_token: token }));
    expect(refund).toMatchObject({
      amount: 2000,
      amount_display: "$20.00 USD",
      status: "succeeded",
    });
    const post = sent("POST", "/v1/refunds").at(-1);
    expect(form(post)).toEqual({ payment_intent: pi, amount: "2000" });
    expect(post?.headers["idempotency-key"]).toMatch(/^[\w-]{20,}$/);
    // The same call again is the same refund, replayed, not a second one.
    const replay = await session.call("stripe_refund_create", { ...args, confirm_token: token });
    expect(replay._meta?.["agent-mesh/idempotent-replay"]).toBe(true);
    expect(structured<{ id: string }>(replay).id).toBe(refund.id);
    expect(sent("POST", "/v1/refunds").filter((r) => form(r).payment_intent === pi)).toHaveLength(
      1,
    );
  });

  it("reduces what is left to refund, and refuses more than that", async () => {
    const pi = await paidPayment(3000);
    const session = await connect();
    await session.call("stripe_refund_create", {
      payment_intent: pi,
      amount: 1000,
      currency: "usd",
    });
    const payment = structured<{ amount_refunded: number }>(
      await session.call("stripe_payment_get", { payment_intent: pi }),
    );
    expect(payment.amount_refunded).toBe(1000);
    const tooMuch = expectEnvelope(
      await session.call("stripe_refund_create", {
        payment_intent: pi,
        amount: 2500,
        currency: "usd",
      }),
      "invalid_request",
    );
    expect(tooMuch.details).toMatchObject({ platform_code: "amount_too_large", param: "amount" });
    const list = structured<{ refunds: Array<{ payment_intent: string; amount: number }> }>(
      await session.call("stripe_refund_list", { payment_intent: pi }),
    );
    expect(list.refunds).toEqual([expect.objectContaining({ payment_intent: pi, amount: 1000 })]);
    expect(sent("GET", "/v1/refunds").at(-1)?.query).toMatchObject({ payment_intent: pi });
  });

  it("refuses a refund above STRIPE_MAX_AMOUNT before asking or sending anything", async () => {
    const pi = await paidPayment(90_000);
    let asked = 0;
    const session = await connect(
      { STRIPE_MAX_AMOUNT: "usd:50000" },
      {
        onElicit: (message) => {
          asked++;
          return acceptAll!(message);
        },
      },
    );
    const before = sandbox.recorder.requests.length;
    const envelope = expectEnvelope(
      await session.call("stripe_refund_create", {
        payment_intent: pi,
        amount: 60_000,
        currency: "usd",
      }),
      "policy_denied",
    );
    expect(envelope.details).toMatchObject({ variable: "STRIPE_MAX_AMOUNT", limit: 50_000 });
    expect(asked).toBe(0);
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("refuses a currency that is not the payment's, before refunding", async () => {
    const pi = await paidPayment(2000, "jpy");
    const session = await connect();
    const envelope = expectEnvelope(
      await session.call("stripe_refund_create", {
        payment_intent: pi,
        amount: 2000,
        currency: "usd",
      }),
      "invalid_request",
    );
    expect(envelope.message).toContain("JPY");
    expect(sent("POST", "/v1/refunds").filter((r) => form(r).payment_intent === pi)).toHaveLength(
      0,
    );
  });

  it("names LIVE MODE in the confirmation when the key is live", async () => {
    const session = await connect({ STRIPE_SECRET_KEY: STRIPE_SANDBOX_KEYS.live }, {});
    const before = sandbox.recorder.requests.length;
    const asked = expectEnvelope(
      await session.call("stripe_refund_create", {
        payment_intent: "pi_123",
        amount: 2000,
        currency: "jpy",
      }),
      "confirmation_required",
    );
    expect(asked.message).toMatch(/^LIVE MODE: Refund ¥2,000 JPY of pi_123/);
    const pay = expectEnvelope(
      await session.call("stripe_payment_create", {
        amount: 2000,
        currency: "usd",
        confirm: true,
        payment_method: "pm_card_visa",
      }),
      "confirmation_required",
    );
    expect(pay.message).toContain("LIVE MODE: Charge $20.00 USD");
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});
