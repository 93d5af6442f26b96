import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRIPE_SANDBOX_KEYS, useSandbox } from "../src/index.js";
import { parseForm } from "../src/stripe/form.js";

const sandbox = useSandbox("stripe");
beforeAll(sandbox.start);
afterAll(sandbox.close);

const KEY = STRIPE_SANDBOX_KEYS.secret;

// biome-ignore lint/suspicious/noExplicitAny: Stripe's JSON bodies, read field by field below
type Json = any;

/** One request as Stripe's SDKs send it: form-encoded bracket parameters, bearer key. */
async function stripe(
  method: string,
  path: string,
  params = "",
  headers: Record<string, string> = {},
) {
  const url = `${sandbox.urls.stripe}${path}${method === "GET" && params ? `?${params}` : ""}`;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: method === "POST" ? params : undefined,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Json,
  };
}

describe("the Stripe stand-in's wire protocol", () => {
  it("parses bracket parameters into objects and arrays", () => {
    expect(
      parseForm("a=1&metadata[k]=v&items[0][price]=p&items[0][quantity]=2&expand[]=x"),
    ).toEqual({
      a: "1",
      metadata: { k: "v" },
      items: [{ price: "p", quantity: "2" }],
      expand: ["x"],
    });
  });

  it("answers auth failures with Stripe's envelope and 401", async () => {
    const none = await fetch(`${sandbox.urls.stripe}/v1/customers`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as Json).error).toMatchObject({ type: "invalid_request_error" });
    const wrong = await stripe("GET", "/v1/customers", "", {
      authorization: "Bearer sk_test_nope123",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe("Invalid API Key provided: sk_test_************e123");
  });

  it("refuses unknown and missing parameters, naming them", async () => {
    const unknown = await stripe("POST", "/v1/customers", "nmae=Ada");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "parameter_unknown", param: "nmae" });
    const missing = await stripe("POST", "/v1/payment_intents", "currency=usd");
    expect(missing.body.error).toMatchObject({ code: "parameter_missing", param: "amount" });
    const json = await stripe("POST", "/v1/customers", '{"name":"x"}', {
      "content-type": "application/json",
    });
    expect(json.status).toBe(400);
  });

  it("replays a repeated Idempotency-Key and refuses it with other parameters", async () => {
    const first = await stripe("POST", "/v1/customers", "name=Once", { "idempotency-key": "k1" });
    const again = await stripe("POST", "/v1/customers", "name=Once", { "idempotency-key": "k1" });
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await stripe("POST", "/v1/customers", "name=Twice", { "idempotency-key": "k1" });
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe("idempotency_error");
  });

  it("pages with limit, has_more and starting_after, newest first", async () => {
    for (const name of ["L1", "L2", "L3"])
      await stripe("POST", "/v1/customers", `name=${name}&email=l@example.com`);
    const page = await stripe("GET", "/v1/customers", "email=l%40example.com&limit=2");
    expect(page.body).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(page.body.data.map((c: { name: string }) => c.name)).toEqual(["L3", "L2"]);
    const next = await stripe(
      "GET",
      "/v1/customers",
      `email=l%40example.com&limit=2&starting_after=${page.body.data[1].id}`,
    );
    expect(next.body).toMatchObject({ has_more: false });
    expect(next.body.data.map((c: { name: string }) => c.name)).toEqual(["L1"]);
    const bad = await stripe("GET", "/v1/customers", "starting_after=cus_nope");
    expect(bad.status).toBe(404);
    expect(bad.body.error.param).toBe("starting_after");
  });

  it("moves PaymentIntents through Stripe's states and expands the charge", async () => {
    const pi = await stripe(
      "POST",
      "/v1/payment_intents",
      "amount=2000&currency=usd&payment_method=pm_card_visa&confirm=true&expand[0]=latest_charge",
    );
    expect(pi.body).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount_received: 2000,
    });
    expect(pi.body.latest_charge).toMatchObject({
      object: "charge",
      amount_refunded: 0,
      captured: true,
    });
    expect(pi.headers.get("stripe-version")).toMatch(/^\d{4}-\d{2}-\d{2}/);
    const declined = await stripe(
      "POST",
      "/v1/payment_intents",
      "amount=2000&currency=usd&payment_method=pm_card_chargeDeclinedInsufficientFunds&confirm=true",
    );
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
    });
    expect(declined.body.error.payment_intent.status).toBe("requires_payment_method");
    const small = await stripe("POST", "/v1/payment_intents", "amount=10&currency=usd");
    expect(small.body.error.code).toBe("amount_too_small");
  });
});
