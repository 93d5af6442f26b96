// Measures the Segment server's tools end to end against the sandbox: a real MCP client in
// process, the real @segment/analytics-node (one batch per call, flushed and awaited) and the
// Public API SDK, the local stand-in on loopback. Prints a table; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-segment";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
const sandbox = await startSandbox({ platforms: ["segment"] });
const session = await connectInMemory(platform, { env: sandbox.env });
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
};

// A fresh key per call (the warm-up reuses indexes), so every call is sent, never replayed.
let sent = 0;
const rows = [
  await measure(
    "segment_event_track, delivered (POST /v1/batch)",
    call("segment_event_track", (i) => ({
      event: "Bench Tick",
      user_id: `bench-${i % 100}`,
      properties: { i },
      idempotency_key: `bench-${++sent}`,
    })),
    N,
  ),
  await measure(
    "segment_source_list (Public API SDK)",
    call("segment_source_list", { limit: 20 }),
    Math.min(N, 300),
  ),
];

console.log(`\nagent-mesh Segment server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await session.close();
await sandbox.close();
