import { UNTRUSTED_NOTICE } from "@agent-mesh/core";
import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { form, useStripeSandbox } from "./setup.js";

const { connect, sent, sandbox } = useStripeSandbox();

interface Customer {
  id: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  default_payment_method: string | null;
}

describe("customers", () => {
  it("creates, reads, updates and lists full customer objects", async () => {
    const session = await connect();
    const created = structured<Customer>(
      await session.call("stripe_customer_create", {
        email: "grace@example.com",
        name: "Grace",
        payment_method: "pm_card_visa",
        metadata: { plan: "pro" },
      }),
    );
    expect(created).toMatchObject({
      email: "grace@example.com",
      default_payment_method: "pm_card_visa",
      metadata: { plan: "pro" },
    });
    expect(form(sent("POST", "/v1/customers").at(-1))).toEqual({
      email: "grace@example.com",
      name: "Grace",
      payment_method: "pm_card_visa",
      "invoice_settings[default_payment_method]": "pm_card_visa",
      "metadata[plan]": "pro",
    });

    const got = structured<{ customer: { notice: string; data: Customer } }>(
      await session.call("stripe_customer_get", { customer: created.id }),
    );
    expect(got.customer.notice).toBe(UNTRUSTED_NOTICE);
    expect(got.customer.data.name).toBe("Grace");

    const updated = structured<Customer>(
      await session.call("stripe_customer_update", {
        customer: created.id,
        name: "Grace H.",
        metadata: { plan: "" },
      }),
    );
    expect(updated).toMatchObject({ name: "Grace H.", metadata: {} });
    expect(form(sent("POST", `/v1/customers/${created.id}`).at(-1))).toEqual({
      name: "Grace H.",
      "metadata[plan]": "",
    });

    const list = structured<{ customers: { notice: string; data: Customer[] } }>(
      await session.call("stripe_customer_list", { email: "grace@example.com" }),
    );
    expect(list.customers.notice).toBe(UNTRUSTED_NOTICE);
    expect(list.customers.data.map((c) => c.id)).toEqual([created.id]);
  });

  it("answers not_found for an unknown customer and invalid_request for a bad id", async () => {
    const session = await connect();
    const missing = expectEnvelope(
      await session.call("stripe_customer_get", { customer: "cus_nope" }),
      "not_found",
    );
    expect(missing.message).toContain("No such customer: 'cus_nope'");
    const before = sandbox.recorder.requests.length;
    const bad = expectEnvelope(
      await session.call("stripe_customer_get", { customer: "pi_123" }),
      "invalid_request",
    );
    expect(bad.message).toContain("customer");
    expectEnvelope(
      await session.call("stripe_customer_create", { email: "not-an-email" }),
      "invalid_request",
    );
    expect(sandbox.recorder.requests.length).toBe(before);
  });

  it("refuses customers outside STRIPE_CUSTOMERS before any request", async () => {
    const open = await connect();
    const allowed = structured<Customer>(
      await open.call("stripe_customer_create", { name: "Allowed" }),
    ).id;
    const session = await connect({ STRIPE_CUSTOMERS: `${allowed},cus_team*` });
    const before = sandbox.recorder.requests.length;
    const denied = expectEnvelope(
      await session.call("stripe_customer_get", { customer: "cus_other" }),
      "policy_denied",
    );
    expect(denied.message).toContain("STRIPE_CUSTOMERS");
    expectEnvelope(
      await session.call("stripe_payment_create", {
        amount: 1000,
        currency: "usd",
        customer: "cus_other",
      }),
      "policy_denied",
    );
    expectEnvelope(
      await session.call("stripe_customer_update", { customer: "cus_other", name: "x" }),
      "policy_denied",
    );
    const unscoped = expectEnvelope(await session.call("stripe_payment_list", {}), "policy_denied");
    expect(unscoped.message).toContain("pass customer");
    expectEnvelope(await session.call("stripe_invoice_list", {}), "policy_denied");
    expect(sandbox.recorder.requests.length).toBe(before);
    structured(await session.call("stripe_customer_get", { customer: allowed }));
    structured(await session.call("stripe_payment_list", { customer: allowed }));
    const listed = structured<{ customers: { data: Customer[] } }>(
      await session.call("stripe_customer_list", { limit: 100 }),
    );
    expect(listed.customers.data.map((c) => c.id)).toEqual([allowed]);
  });

  it("pages customers newest first", async () => {
    const session = await connect();
    for (const name of ["P1", "P2", "P3"]) {
      await session.call("stripe_customer_create", { name, email: "page@example.com" });
    }
    const first = structured<{ customers: { data: Customer[] }; next_cursor: string | null }>(
      await session.call("stripe_customer_list", { email: "page@example.com", limit: 2 }),
    );
    expect(first.customers.data.map((c) => c.name)).toEqual(["P3", "P2"]);
    const rest = structured<{ customers: { data: Customer[] }; next_cursor: string | null }>(
      await session.call("stripe_customer_list", {
        email: "page@example.com",
        limit: 2,
        cursor: first.next_cursor,
      }),
    );
    expect(rest.customers.data.map((c) => c.name)).toEqual(["P1"]);
    expect(rest.next_cursor).toBeNull();
  });
});
