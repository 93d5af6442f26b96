import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { platform } from "../src/index.js";
import { STRIPE_SANDBOX_KEYS, useStripeSandbox } from "./setup.js";

const { connect, sent, sandbox } = useStripeSandbox();

describe("credentials", () => {
  it("answers not_configured naming STRIPE_SECRET_KEY when it is missing", async () => {
    const session = await connect({ STRIPE_SECRET_KEY: "" });
    const envelope = expectEnvelope(await session.call("stripe_balance_get", {}), "not_configured");
    expect(envelope.message).toContain("STRIPE_SECRET_KEY");
    expect(envelope.details?.variables).toContain("STRIPE_SECRET_KEY");
  });

  it("refuses a publishable key and a malformed STRIPE_MAX_AMOUNT as not_configured, sending nothing", async () => {
    const before = sandbox.recorder.requests.length;
    const publishable = await connect({ STRIPE_SECRET_KEY: "pk_test_51Publishable000" });
    const keyProblem = expectEnvelope(
      await publishable.call("stripe_balance_get", {}),
      "not_configured",
    );
    expect(keyProblem.message).toContain("STRIPE_SECRET_KEY");
    expect(keyProblem.message).not.toContain("pk_test_51Publishable000");
    const capped = await connect({ STRIPE_MAX_AMOUNT: "a lot" });
    const capProblem = expectEnvelope(
      await capped.call("stripe_payment_create", { amount: 100, currency: "usd" }),
      "not_configured",
    );
    expect(capProblem.message).toContain("STRIPE_MAX_AMOUNT");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("maps a rejected key to authentication_error without echoing it", async () => {
    const key = "sk_test_51WrongKeyWrongKeyWrongKey0000";
    const session = await connect({ STRIPE_SECRET_KEY: key });
    const result = await session.call("stripe_customer_list", {});
    const envelope = expectEnvelope(result, "authentication_error");
    expect(envelope.details).toMatchObject({ http_status: 401 });
    expect(envelope.message).toContain("STRIPE_SECRET_KEY");
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it("works with a restricted key and names the permission Stripe says it lacks", async () => {
    const session = await connect({ STRIPE_SECRET_KEY: STRIPE_SANDBOX_KEYS.restrictedReadOnly });
    structured(await session.call("stripe_customer_list", {}));
    const envelope = expectEnvelope(
      await session.call("stripe_customer_create", { name: "Nope" }),
      "permission_denied",
    );
    expect(envelope.details).toMatchObject({ permission: "rak_customer_write", http_status: 403 });
    expect(envelope.message).toContain("rak_customer_write");
  });
});

describe("rate limiting", () => {
  it("maps Stripe's 429 to rate_limited with Retry-After", async () => {
    sandbox.faults.add({
      platform: "stripe",
      match: { method: "GET", path: "/v1/balance" },
      status: 429,
      headers: { "retry-after": "7", "content-type": "application/json" },
      body: {
        error: {
          type: "invalid_request_error",
          code: "rate_limit",
          message: "Request rate limit exceeded.",
        },
      },
    });
    const session = await connect();
    const envelope = expectEnvelope(await session.call("stripe_balance_get", {}), "rate_limited");
    expect(envelope.details).toMatchObject({ retry_after_seconds: 7, platform_code: "rate_limit" });
    // Cleared after one answer: the next call goes through.
    structured(await session.call("stripe_balance_get", {}));
  });

  it("is enforced by the stand-in itself past 100 requests a second", async () => {
    const key = STRIPE_SANDBOX_KEYS.live; // its own window, so other tests are not throttled
    const url = `${sandbox.urls.stripe}/v1/balance`;
    // Bursts of 150 until one is throttled: a slow machine may spread one burst over a second.
    let throttled: Response | undefined;
    for (let burst = 0; burst < 10 && !throttled; burst++) {
      const responses = await Promise.all(
        Array.from({ length: 150 }, () =>
          fetch(url, { headers: { authorization: `Bearer ${key}` } }),
        ),
      );
      throttled = responses.find((r) => r.status === 429);
      await Promise.all(responses.filter((r) => r !== throttled).map((r) => r.body?.cancel()));
    }
    expect(throttled?.headers.get("retry-after")).toBe("1");
    expect(await throttled?.json()).toMatchObject({ error: { code: "rate_limit" } });
  });
});

describe("Stripe's idempotency keys", () => {
  it("refuses one key reused with other parameters, at Stripe and in core", async () => {
    const first = await connect();
    structured(
      await first.call("stripe_product_create", { name: "Key A", idempotency_key: "same-key" }),
    );
    // Another runtime (no shared memory) sends the key with other parameters: Stripe refuses.
    const second = await connect();
    const envelope = expectEnvelope(
      await second.call("stripe_product_create", { name: "Key B", idempotency_key: "same-key" }),
      "conflict",
    );
    expect(envelope.details).toMatchObject({ stripe_type: "idempotency_error", http_status: 400 });
    expect(
      sent("POST", "/v1/products").filter((r) => r.headers["idempotency-key"] === "same-key"),
    ).toHaveLength(2);
    // The same runtime refuses before sending.
    const before = sandbox.recorder.requests.length;
    expectEnvelope(
      await first.call("stripe_product_create", { name: "Key C", idempotency_key: "same-key" }),
      "conflict",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("read-only mode", () => {
  it("hides every tool that writes", async () => {
    const session = await connect({ STRIPE_READ_ONLY: "true" });
    const { tools } = await session.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("stripe_payment_list");
    expect(names).not.toContain("stripe_payment_create");
    expect(names).not.toContain("stripe_refund_create");
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const writers = platform.tools.filter((t) => !t.annotations.readOnlyHint);
    expect(names.length).toBe(platform.tools.length - writers.length);
    const before = sandbox.recorder.requests.length;
    const refused = expectEnvelope(
      await session.call("stripe_refund_create", {
        payment_intent: "pi_1",
        amount: 100,
        currency: "usd",
      }),
      "policy_denied",
    );
    expect(refused.message).toContain("STRIPE_READ_ONLY");
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("fails closed when STRIPE_READ_ONLY is not a yes or no", async () => {
    const session = await connect({ STRIPE_READ_ONLY: "perhaps" });
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("stripe_payment_create");
  });
});
