// Measures the Twilio server's tools end to end against the sandbox: a real MCP client in
// process, the official twilio SDK (form bodies, Basic auth, its page and instance classes), the
// stand-in on loopback. The stand-in's own rate limit is off, so the figures are the server's
// cost, not the limit's. Prints a table; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-twilio";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
process.env.TWILIO_SANDBOX_RATE_LIMIT = "0";
const sandbox = await startSandbox({ platforms: ["twilio"] });
const session = await connectInMemory(platform, {
  env: { ...sandbox.env, TWILIO_CONFIRM_RECIPIENTS_PER_MINUTE: "1000000" },
});
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${result.content?.[0]?.text}`);
  return result;
};

const first = await call("twilio_message_send", { to: "+14155550100", body: "bench" })(0);
const sid = first.structuredContent.sid;
const rows = [
  await measure(
    "twilio_message_send (POST Messages.json)",
    call("twilio_message_send", (i) => ({
      to: "+14155550100",
      body: `bench ${i}`,
      idempotency_key: `bench-${Date.now()}-${i}`,
    })),
    N,
  ),
  await measure("twilio_message_get (GET Messages/{sid})", call("twilio_message_get", { sid }), N),
];

console.log(`\nagent-mesh Twilio server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await session.close();
await sandbox.close();
