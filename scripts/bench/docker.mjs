// Measures the Docker server's tools end to end against the sandbox's Engine-API stand-in: a real
// MCP client in process, dockerode over loopback HTTP, the stand-in's JSON-lines streams. The
// figures are the server's own cost, not a real engine's build time. Prints a table; never asserts.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectInMemory } from "@agent-mesh/core/testing";
import { platform } from "@agent-mesh/mcp-docker";
import { startSandbox } from "@agent-mesh/sandbox";
import { fmt, measure, table } from "./measure.mjs";

const N = Math.min(Number(process.env.BENCH_CALLS ?? 5000), 1000);
const root = await mkdtemp(join(tmpdir(), "bench-docker-"));
await writeFile(join(root, "Dockerfile"), "FROM scratch\nCOPY app.txt /\nLABEL bench=1\n");
await writeFile(join(root, "app.txt"), "x".repeat(10 * 1024));
const sandbox = await startSandbox({ platforms: ["docker"], stepMs: 0 });
const session = await connectInMemory(platform, {
  env: { ...sandbox.env, DOCKER_BUILD_ROOTS: root },
});
const call = (name, args) => async (i) => {
  const result = await session.call(name, typeof args === "function" ? args(i) : args);
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
};

const rows = [
  await measure("docker_image_list (GET /images/json)", call("docker_image_list", {}), N),
  await measure(
    "docker_image_info, local (inspect)",
    call("docker_image_info", { image: "sandbox/hello:latest" }),
    N,
  ),
  await measure(
    "docker_image_tag (POST /images/{name}/tag)",
    call("docker_image_tag", (i) => ({ source: "sandbox/hello", target: `bench/tag:${i}` })),
    N,
  ),
  await measure(
    "docker_image_build, 10 KB context, 3 steps",
    call("docker_image_build", (i) => ({ context: root, tags: [`bench/build:${i}`] })),
    Math.min(N, 200),
  ),
];

console.log(`\nagent-mesh Docker server against the sandbox (Node ${process.version})\n`);
table(
  ["tool", "p50 ms", "p99 ms", "calls/s"],
  rows.map((r) => [r.label, fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.perSecond, 0)]),
);
await session.close();
await sandbox.close();
await rm(root, { recursive: true, force: true });
