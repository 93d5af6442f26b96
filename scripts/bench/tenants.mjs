// Tenants: what N tenants cost while idle (their downstreams start at first use), how long a
// tenant's first tools/list takes (its platform started on demand) against a warm one, and a
// tool call of a tenant against the top level's. In-process mesh, Vercel against the sandbox.
// Prints tables; never asserts. Run with `pnpm bench` (or `node scripts/bench/tenants.mjs`).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { fmt, measure, table } from "./measure.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const gateway = await import(pathToFileURL(join(ROOT, "gateway", "dist", "index.js")).href);
const { startSandbox } = await import(
  pathToFileURL(join(ROOT, "packages", "sandbox", "dist", "index.js")).href
);
const CALLS = Number(process.env.BENCH_CALLS ?? 3000) / 3;

const sandbox = await startSandbox({ stepMs: 20 });
const platforms = await gateway.loadPlatforms(["vercel"]);
const { createLogger } = await import("@agent-mesh/core");
const logger = createLogger({ name: "agent-mesh", level: "error" });

function yaml(n) {
  const tenants = Array.from(
    { length: n },
    (_, i) => `  t${i}:\n    integrations:\n      vercel: { token: sandbox-vercel-token }\n`,
  ).join("");
  return `integrations:\n  vercel: {}\n${n > 0 ? `tenants:\n${tenants}` : ""}`;
}

async function session(mesh, caller) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "0" });
  await mesh.connectSession(caller).connect(serverSide);
  await client.connect(clientSide);
  return client;
}

const caller = (tenant) => ({
  id: `bench-${tenant ?? "top"}`,
  name: "bench",
  kind: "token",
  roles: [],
  ...(tenant ? { tenant } : {}),
});

// Warm-up: the first mesh pays for loading modules, which is no tenant's cost.
{
  const parsed = gateway.parseConfig(yaml(0), "mesh.yaml", platforms, {});
  const mesh = new gateway.Mesh({ platforms, env: { ...sandbox.env }, logger });
  await mesh.apply(parsed.config);
  await mesh.settled(30_000);
  await mesh.close();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const idle = [];
const lists = [];
const calls = [];
for (const n of [0, 10, 100]) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const parsed = gateway.parseConfig(yaml(n), "mesh.yaml", platforms, {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const mesh = new gateway.Mesh({ platforms, env: { ...sandbox.env }, logger });
  const t0 = performance.now();
  await mesh.apply(parsed.config);
  await mesh.settled(30_000);
  const applyMs = performance.now() - t0;
  globalThis.gc?.();
  idle.push([
    `${n} tenants, none used`,
    fmt(applyMs, 1),
    fmt((process.memoryUsage().heapUsed - before) / 1e6, 1),
  ]);
  if (n > 0) {
    const first = await session(mesh, caller("t0"));
    const t1 = performance.now();
    await first.listTools();
    const coldMs = performance.now() - t1;
    const warm = [];
    for (let i = 0; i < 20; i++) {
      const t2 = performance.now();
      await first.listTools();
      warm.push(performance.now() - t2);
    }
    const warmMs = median(warm);
    lists.push([`${n} tenants`, fmt(coldMs, 1), fmt(warmMs, 2)]);
    if (n === 10) {
      const top = await session(mesh, caller(undefined));
      const topWarm = [];
      for (let i = 0; i < 20; i++) {
        const t3 = performance.now();
        await top.listTools();
        topWarm.push(performance.now() - t3);
      }
      lists.push(["top level (no tenant), for comparison", "-", fmt(median(topWarm), 2)]);
      const args = { name: "vercel_project_list", arguments: {} };
      calls.push(await measure("top level", () => top.callTool(args), CALLS));
      calls.push(await measure("tenant t0", () => first.callTool(args), CALLS));
      await top.close();
    }
    await first.close();
  }
  await mesh.close();
}

console.log(
  "\nTenants: idle cost (apply and settle; heap grows little: nothing of a tenant starts)",
);
table(["mesh", "apply ms", "heap MB"], idle);
console.log("\nA tenant's tools/list: the first starts its downstreams (cold), then warm");
table(["mesh", "cold ms", "warm ms (median of 20)"], lists);
console.log("\nvercel_project_list through the mesh: a tenant's call against the top level's");
table(
  ["caller", "p50 ms", "p99 ms", "calls/s"],
  calls.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await sandbox.close();
