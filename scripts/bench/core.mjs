// Measures the runtime's own overhead on a trivial tool: called directly, through a real MCP
// client in process, and over Streamable HTTP (one client, then 32 concurrent). Prints a table;
// never asserts. Run with `pnpm bench` (which builds first).

import { createRuntime, createServer } from "@agent-mesh/core";
import { listenMcpHttp } from "@agent-mesh/core/node";
import { connectInMemory } from "@agent-mesh/core/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { benchPlatform as platform } from "./bench-platform.mjs";
import { measure } from "./measure.mjs";

const N = Number(process.env.BENCH_CALLS ?? 5000);
const measureN = (label, call, count = N) => measure(label, call, count);

const rows = [];
const runtime = createRuntime(platform, { env: {} });
rows.push(await measureN("runtime.call (no MCP)", (n) => runtime.call("bench_echo_run", { n })));

const memory = await connectInMemory(platform, { runtime });
rows.push(await measureN("MCP client, in-memory", (n) => memory.call("bench_echo_run", { n })));
await memory.close();

const http = await listenMcpHttp({
  createServer: () => createServer(platform, { runtime }),
  host: "127.0.0.1",
  port: 0,
});
const port = http.port;
const connect = async () => {
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
  return client;
};
const one = await connect();
const viaHttp = (client) => (n) =>
  client.request(
    { method: "tools/call", params: { name: "bench_echo_run", arguments: { n } } },
    CallToolResultSchema,
  );
rows.push(await measureN("MCP client, Streamable HTTP", viaHttp(one), Math.min(N, 2000)));

const clients = await Promise.all(Array.from({ length: 32 }, connect));
const perClient = Math.ceil(Math.min(N, 4000) / 32);
const start = performance.now();
await Promise.all(
  clients.map(async (client) => {
    for (let i = 0; i < perClient; i++) await viaHttp(client)(i);
  }),
);
const elapsed = performance.now() - start;
rows.push({
  label: "32 concurrent HTTP clients",
  p50: Number.NaN,
  p99: Number.NaN,
  perSecond: ((perClient * 32) / elapsed) * 1000,
});
await Promise.all([one, ...clients].map((c) => c.close()));
await http.close();

const rss = process.memoryUsage().rss / 1024 / 1024;
const fmt = (v, digits) => (Number.isNaN(v) ? "-" : v.toFixed(digits));
console.log(
  `\nagent-mesh core: trivial tool call, ${N} calls (Node ${process.version}, ${new Date().toISOString()})\n`,
);
console.log(
  `${"path".padEnd(30)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"calls/s".padStart(10)}`,
);
for (const row of rows) {
  console.log(
    `${row.label.padEnd(30)} ${fmt(row.p50, 3).padStart(8)} ${fmt(row.p99, 3).padStart(8)} ${fmt(row.perSecond, 0).padStart(10)}`,
  );
}
console.log(`\nresident memory after the run: ${rss.toFixed(0)} MB`);
