import { describe, expect, it } from "vitest";
import { type ConfigIssue, parseConfig } from "../src/config/load.js";
import { firstPartyPlatforms } from "./platforms.js";

const WORKFLOWS = `workflows:
  fulfil_order:
    params: { payment_intent: {} }
    steps: [{ id: get, tool: stripe_payment_get, args: { id: "\${{ params.payment_intent }}" } }]
`;

function issues(yaml: string): ConfigIssue[] {
  const result = parseConfig(yaml, "mesh.yaml", firstPartyPlatforms, {});
  return result.ok ? [] : result.issues;
}

describe("triggers: in mesh.yaml", () => {
  it("accepts a trigger with a filter and params, and hooks defaults", () => {
    const result = parseConfig(
      `${WORKFLOWS}triggers:\n  - on: stripe.payment_intent.succeeded\n    run: fulfil_order\n    filter: "\${{ event.data.object.amount > 100 }}"\n    params: { payment_intent: "\${{ event.data.object.id }}" }\n`,
      "mesh.yaml",
      firstPartyPlatforms,
      {},
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.triggers).toHaveLength(1);
    expect(result.config.hooks).toEqual({ tolerance: 300_000, max_body: 1_048_576 });
  });

  it("locates each mistake at file:line:key", () => {
    const found = issues(
      `${WORKFLOWS}triggers:
  - on: paypal.payment.done
    run: fulfil_order
  - on: stripe
    run: fulfil_order
  - on: stripe.charge.succeeded
    run: ship_it
  - on: stripe.charge.succeeded
    run: fulfil_order
    params: { order: "\${{ event.id }}" }
  - on: stripe.charge.succeeded
    run: fulfil_order
    params: { payment_intent: "\${{ params.x }}" }
  - on: stripe.charge.succeeded
    run: fulfil_order
    filter: "\${{ event.data. }}"
  - on: stripe.charge.succeeded
    run: fulfil_order
    filter: event.livemode
`,
    );
    const at = (key: string) => found.find((i) => i.key === key);
    expect(at("triggers[0].on")).toMatchObject({ line: 6 });
    expect(at("triggers[0].on")?.message).toContain("stripe.");
    expect(at("triggers[1].on")).toMatchObject({ line: 8 });
    expect(at("triggers[1].on")?.message).toContain("stripe.payment_intent.succeeded");
    expect(at("triggers[2].run")).toMatchObject({ line: 11 });
    expect(at("triggers[2].run")?.message).toContain('no workflow "ship_it"');
    expect(at("triggers[3].params.order")).toMatchObject({ line: 14 });
    expect(at("triggers[3].params.order")?.message).toContain("payment_intent");
    expect(at("triggers[4].params.payment_intent")).toMatchObject({ line: 17 });
    expect(at("triggers[4].params.payment_intent")?.message).toContain("event.<field>");
    expect(at("triggers[5].filter")).toMatchObject({ line: 20 });
    expect(at("triggers[6].filter")).toMatchObject({ line: 23 });
    expect(at("triggers[6].filter")?.message).toContain("${{");
  });

  it("checks hooks: settings", () => {
    const found = issues("hooks: { public_url: ftp://x, max_body: 10, tolerance: soon }\n");
    expect(found.map((i) => i.key).sort()).toEqual([
      "hooks.max_body",
      "hooks.public_url",
      "hooks.tolerance",
    ]);
  });
});
