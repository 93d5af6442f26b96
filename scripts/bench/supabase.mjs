// Measures the Supabase server's tools end to end against the sandbox: a real MCP client in
// process, the real supabase-js (PostgREST) and pg clients, the stand-in on loopback over its
// database (embedded PGlite, or the PostgreSQL that SUPABASE_SANDBOX_POSTGRES_URL names).
// Prints a table; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-supabase";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 500);
const sandbox = await startSandbox({ platforms: ["supabase"] });
const session = await connectInMemory(platform, { env: sandbox.env });
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
};

let inserted = 0;
const rows = [
  await measure(
    "supabase_table_select, 4 rows + count (PostgREST)",
    call("supabase_table_select", { table: "orders", columns: "id,status,customers(name)" }),
    N,
  ),
  await measure(
    "supabase_table_insert, 1 row (PostgREST)",
    // A fresh value per call (the warm-up reuses indexes): identical calls would be replays.
    call("supabase_table_insert", () => ({
      table: "orders",
      rows: [{ customer_id: 1, total_cents: ++inserted, status: "bench" }],
    })),
    N,
  ),
  await measure(
    "supabase_sql_query, read-only transaction (pg)",
    call("supabase_sql_query", {
      sql: "SELECT count(*) FROM orders WHERE status = $1",
      params: ["bench"],
    }),
    Math.min(N, 200),
  ),
];

console.log(`\nagent-mesh Supabase server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await session.close();
await sandbox.close();
