// Measures the AWS server's tools end to end against the sandbox: a real MCP client in process,
// the real AWS SDK clients (Signature V4, retries, serialization), the local stand-ins on
// loopback. The figures are the server's own cost plus loopback emulators, not AWS's latency.
// Prints a table; never asserts.

import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-aws";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
const sandbox = await startSandbox({ platforms: ["aws"] });
const session = await connectInMemory(platform, { env: sandbox.env });
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.structuredContent)}`);
};

const rssBefore = process.memoryUsage().rss;
const artifact = "x".repeat(10 * 1024);
await call("aws_artifact_put", { key: "bench/10k.txt", content: artifact })(0);
const rows = [
  await measure(
    "aws_kv_set (DynamoDB PutItem)",
    call("aws_kv_set", (i) => ({ key: `bench/${i % 100}`, value: { i } })),
    N,
  ),
  await measure(
    "aws_kv_get (DynamoDB GetItem)",
    call("aws_kv_get", (i) => ({ key: `bench/${i % 100}` })),
    N,
  ),
  await measure(
    "aws_kv_list, 20 keys (Query)",
    call("aws_kv_list", { prefix: "bench/" }),
    Math.min(N, 300),
  ),
  await measure(
    "aws_event_send, 1 event",
    call("aws_event_send", (i) => ({
      events: [{ source: "bench", detail_type: "Tick", detail: { i } }],
    })),
    N,
  ),
  await measure(
    "aws_artifact_get, 10 KB (s3rver)",
    call("aws_artifact_get", { key: "bench/10k.txt" }),
    Math.min(N, 300),
  ),
];
const rssAfter = process.memoryUsage().rss;

console.log(`\nagent-mesh AWS server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
console.log(
  `\nresident memory: ${(rssBefore / 2 ** 20).toFixed(0)} MB before the calls, ${(rssAfter / 2 ** 20).toFixed(0)} MB after (sandbox in the same process)`,
);
await session.close();
await sandbox.close();
