import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, useStripeSandbox } from "./setup.js";

const { connect, sent, sandbox } = useStripeSandbox();

/** A local receiver standing in for the gateway's /hooks/stripe. */
const received: Array<{ body: string; signature: string }> = [];
const waiters: Array<() => void> = [];
const receiver = createServer((req: IncomingMessage, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    received.push({ body, signature: String(req.headers["stripe-signature"]) });
    res.writeHead(200).end();
    for (const wake of waiters.splice(0)) wake();
  });
});
let hookUrl = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/stripe`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function delivery(type: string) {
  for (;;) {
    const found = received.find((r) => JSON.parse(r.body).type === type);
    if (found) return found;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

describe("webhook endpoints", () => {
  it("returns the signing secret once, delivers signed events the SDK verifies, and deletes after confirmation", async () => {
    // Configured with an older endpoint's secret, as a real deployment is: the sandbox's own
    // STRIPE_WEBHOOK_SECRET is the stand-in's signing secret, which the redactor would hide.
    const session = await connect({ STRIPE_WEBHOOK_SECRET: "whsec_an_older_endpoints_secret" });
    const result = await session.call("stripe_webhook_endpoint_create", {
      url: hookUrl,
      enabled_events: ["payment_intent.succeeded", "charge.refunded"],
      description: "mesh",
    });
    const endpoint = structured<{ id: string; secret: string; enabled_events: string[] }>(result);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(form(sent("POST", "/v1/webhook_endpoints").at(-1))).toEqual({
      url: hookUrl,
      "enabled_events[0]": "payment_intent.succeeded",
      "enabled_events[1]": "charge.refunded",
      description: "mesh",
    });
    // The output schema marks the secret writeOnly, so audit and logs can mask it.
    const { tools } = await session.client.listTools();
    const tool = tools.find((t) => t.name === "stripe_webhook_endpoint_create");
    const props = tool?.outputSchema?.properties as Record<string, { writeOnly?: boolean }>;
    expect(props.secret?.writeOnly).toBe(true);

    const listed = structured<{ webhook_endpoints: Array<Record<string, unknown>> }>(
      await session.call("stripe_webhook_endpoint_list", {}),
    );
    expect(listed.webhook_endpoints.map((w) => w.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);

    const pi = structured<{ id: string }>(
      await session.call("stripe_payment_create", {
        amount: 1234,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
      }),
    );
    const hook = await delivery("payment_intent.succeeded");
    const event = new Stripe("sk_test_x").webhooks.constructEvent(
      hook.body,
      hook.signature,
      endpoint.secret,
    );
    expect(event.type).toBe("payment_intent.succeeded");
    expect((event.data.object as { id: string }).id).toBe(pi.id);
    expect(() =>
      new Stripe("sk_test_x").webhooks.constructEvent(hook.body, hook.signature, "whsec_wrong"),
    ).toThrow(/signature/i);

    const confirmless = await connect({}, {});
    expectEnvelope(
      await confirmless.call("stripe_webhook_endpoint_delete", { webhook_endpoint: endpoint.id }),
      "confirmation_required",
    );
    expect(sent("DELETE", `/v1/webhook_endpoints/${endpoint.id}`)).toHaveLength(0);
    expect(
      structured(
        await session.call("stripe_webhook_endpoint_delete", { webhook_endpoint: endpoint.id }),
      ),
    ).toEqual({ id: endpoint.id, deleted: true });
    expectEnvelope(
      await session.call("stripe_webhook_endpoint_delete", { webhook_endpoint: endpoint.id }),
      "not_found",
    );
  });

  it("asks before sending events to a URL, naming it", async () => {
    const session = await connect({}, {});
    const asked = expectEnvelope(
      await session.call("stripe_webhook_endpoint_create", {
        url: "https://collector.example.net/x",
        enabled_events: ["*"],
      }),
      "confirmation_required",
    );
    expect(asked.message).toContain("https://collector.example.net/x");
    expect(
      sent("POST", "/v1/webhook_endpoints").filter((r) => r.body?.toString().includes("collector")),
    ).toEqual([]);
  });

  it("refuses a malformed event type before sending", async () => {
    const session = await connect();
    const before = sandbox.recorder.requests.length;
    expectEnvelope(
      await session.call("stripe_webhook_endpoint_create", {
        url: hookUrl,
        enabled_events: ["Payment Done"],
      }),
      "invalid_request",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });
});

describe("events and balance", () => {
  it("lists what happened, marked untrusted, filtered by type", async () => {
    const session = await connect();
    const pi = structured<{ id: string }>(
      await session.call("stripe_payment_create", {
        amount: 2500,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true,
        idempotency_key: "events-1",
      }),
    );
    const events = structured<{
      events: {
        notice: string;
        data: Array<{ type: string; object_id: string; idempotency_key: string }>;
      };
    }>(await session.call("stripe_event_list", { type: "payment_intent.*", limit: 5 }));
    expect(events.events.notice).toMatch(/Untrusted/);
    expect(events.events.data[0]).toMatchObject({
      type: "payment_intent.succeeded",
      object_id: pi.id,
      idempotency_key: "events-1",
    });
    expect(events.events.data.every((e) => e.type.startsWith("payment_intent."))).toBe(true);
    expect(sent("GET", "/v1/events").at(-1)?.query).toMatchObject({
      type: "payment_intent.*",
      limit: "5",
    });
  });

  it("reads the balance, which grows with payments and shrinks with refunds", async () => {
    const session = await connect();
    const read = async () =>
      structured<{ available: Array<{ amount: number; currency: string; display: string }> }>(
        await session.call("stripe_balance_get", {}),
      ).available.find((f) => f.currency === "gbp")?.amount ?? 0;
    const start = await read();
    const pi = structured<{ id: string }>(
      await session.call("stripe_payment_create", {
        amount: 10_000,
        currency: "gbp",
        payment_method: "pm_card_visa",
        confirm: true,
      }),
    );
    expect(await read()).toBe(start + 10_000);
    await session.call("stripe_refund_create", {
      payment_intent: pi.id,
      amount: 2500,
      currency: "gbp",
    });
    expect(await read()).toBe(start + 7500);
  });
});
