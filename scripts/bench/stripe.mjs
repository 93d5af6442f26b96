// Measures the Stripe server's tools end to end against the sandbox's Stripe stand-in: a real MCP
// client in process, the official stripe SDK (form encoding, its Node HTTP client), the stand-in
// on loopback. One read and one confirmed write. Prints a table; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-stripe";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
// The stand-in enforces Stripe's 100 requests a second per key; a benchmark measures past it.
process.env.STRIPE_SANDBOX_RATE_LIMIT = "0";
const sandbox = await startSandbox({ platforms: ["stripe"] });
const session = await connectInMemory(platform, {
  env: sandbox.env,
  onElicit: () => ({ action: "accept", content: { confirm: true } }),
});
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result;
};

const created = await call("stripe_customer_create", { name: "Bench", email: "bench@example.com" })(
  0,
);
const customer = created.structuredContent.id;
let payments = 0;
const rows = [
  await measure(
    "stripe_customer_get (GET /v1/customers/:id)",
    call("stripe_customer_get", { customer }),
    N,
  ),
  await measure(
    "stripe_payment_create, confirmed card (POST, Idempotency-Key)",
    // A fresh amount every call (warm-up included), so none is an idempotent replay.
    call("stripe_payment_create", () => ({
      amount: 1000 + payments++,
      currency: "usd",
      customer,
      payment_method: "pm_card_visa",
      confirm: true,
    })),
    N,
  ),
];

console.log(`\nagent-mesh Stripe server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await session.close();
await sandbox.close();
