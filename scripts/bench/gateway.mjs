// The gateway's cost, side by side with calling downstreams directly: tools/call latency for an
// in-process and a stdio downstream, over stdio and over HTTP; throughput of 32 concurrent HTTP
// clients; time to the first complete tools/list; resident memory; tool-list bytes with and
// without search mode. Prints tables; never asserts. Run with `pnpm bench`.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, ListToolsResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { openSession } from "./lean-http-client.mjs";
import { fmt, measure, table } from "./measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const require = createRequire(join(ROOT, "gateway", "package.json"));
const FIXTURE = join(ROOT, "gateway", "test", "fixtures", "fixture-server.mjs");
const EVERYTHING = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);
const GATEWAY_BIN = join(ROOT, "gateway", "dist", "bin.js");
const N = Number(process.env.BENCH_CALLS ?? 3000);
const node = process.execPath;

const dir = mkdtempSync(join(tmpdir(), "mesh-bench-"));
const writeConfig = (name, yaml) => {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
};
const fixtureServer = (name, extra = "") =>
  `  ${name}:\n    command: ${JSON.stringify(node)}\n    args: [${JSON.stringify(FIXTURE)}]\n${extra}`;
const everythingServer = (name) =>
  `  ${name}:\n    command: ${JSON.stringify(node)}\n    args: [${JSON.stringify(EVERYTHING)}, stdio]\n    prefix: true\n`;
const withFixture = writeConfig("fixture.yaml", `servers:\n${fixtureServer("fx")}`);

async function stdioClient(command, args) {
  const transport = new StdioClientTransport({
    command,
    args,
    stderr: "ignore",
    env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error" },
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  return { client, pid: transport.pid, close: () => client.close() };
}

/** Spawns a process that prints its MCP URL (on stdout or stderr) and connects to it. */
async function httpProcess(args, env = {}) {
  const child = spawn(node, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error", ...env },
  });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${output}`)));
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    client,
    url,
    pid: child.pid,
    close: async () => {
      await client.close();
      child.kill("SIGTERM");
    },
  };
}

const call = (client, name, args) =>
  client.request({ method: "tools/call", params: { name, arguments: args } }, CallToolResultSchema);

async function latency(label, open, tool, args) {
  const target = await open();
  const result = await measure(label, () => call(target.client, tool, args), N);
  await target.close();
  return result;
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const platformArgs = [join(HERE, "bench-platform.mjs")];
const gatewayArgs = (mode, config) => [
  join(HERE, "gateway-process.mjs"),
  mode,
  ...(config ? [config] : []),
];
const echoArgs = { n: 1 };
const fixtureArgs = { message: "hi" };

console.log(
  `\nagent-mesh gateway: ${N} sequential calls per row (Node ${process.version}, ${new Date().toISOString()})\n`,
);
const rows = [];
const pair = async (label, direct, through) => {
  const d = direct ? await direct() : undefined;
  const g = await through();
  const added = d ? g.p50 - d.p50 : Number.NaN;
  rows.push([
    label,
    fmt(d?.p50, 3),
    fmt(d?.p99, 3),
    fmt(g.p50, 3),
    fmt(g.p99, 3),
    fmt(added, 3),
    d ? `${fmt((added / d.p50) * 100, 1)}%` : "-",
  ]);
};
await pair(
  "in-process tool, client over stdio",
  () => latency("direct", () => stdioClient(node, platformArgs), "bench_echo_run", echoArgs),
  () =>
    latency("gateway", () => stdioClient(node, gatewayArgs("stdio")), "bench_echo_run", echoArgs),
);
await pair(
  "in-process tool, client over HTTP",
  () =>
    latency(
      "direct",
      () => httpProcess([...platformArgs, "--http", "0"]),
      "bench_echo_run",
      echoArgs,
    ),
  () => latency("gateway", () => httpProcess(gatewayArgs("http")), "bench_echo_run", echoArgs),
);
const directStdio = () =>
  latency("direct", () => stdioClient(node, [FIXTURE]), "echo", fixtureArgs);
await pair("stdio server's tool, client over stdio", directStdio, () =>
  latency(
    "gateway",
    () => stdioClient(node, gatewayArgs("stdio", withFixture)),
    "echo",
    fixtureArgs,
  ),
);
await pair("stdio server's tool, client over HTTP*", directStdio, () =>
  latency("gateway", () => httpProcess(gatewayArgs("http", withFixture)), "echo", fixtureArgs),
);
table(
  [
    "tools/call latency (ms)",
    "direct p50",
    "direct p99",
    "gateway p50",
    "gateway p99",
    "added p50",
    "added %",
  ],
  rows,
);
console.log("* a stdio server has no HTTP endpoint: compared with calling it directly over stdio.");
console.log(
  "  direct = the same server without the gateway (the bench platform served by @agent-mesh/core, or the stdio server itself).\n",
);

// Throughput: 32 sessions calling the in-process tool as fast as they can.
const throughput = async (label, args, env) => {
  const target = await httpProcess(args, env);
  const sessions = await Promise.all(Array.from({ length: 32 }, () => openSession(target.url)));
  for (const session of sessions)
    for (let i = 0; i < 10; i++) await session.call("bench_echo_run", echoArgs);
  const perClient = Math.ceil(Math.max(N, 3200) / 32);
  const start = performance.now();
  await Promise.all(
    sessions.map(async (session) => {
      for (let i = 0; i < perClient; i++) await session.call("bench_echo_run", echoArgs);
    }),
  );
  const perSecond = ((perClient * 32) / (performance.now() - start)) * 1000;
  const rss = rssMb(target.pid);
  await Promise.all(sessions.map((s) => s.close()));
  await target.close();
  return [label, fmt(perSecond, 0), fmt(rss, 0)];
};
// Three interleaved rounds: without the gateway, through it, and through it with in-process calls
// sent over the in-memory link as before direct calls (AGENT_MESH_DIRECT_CALLS=off).
const throughputTargets = [
  ["direct (platform served by core)", [...platformArgs, "--http", "0"]],
  ["through the gateway", gatewayArgs("http")],
  [
    "through the gateway, in-memory link (before)",
    gatewayArgs("http"),
    { AGENT_MESH_DIRECT_CALLS: "off" },
  ],
];
const throughputRounds = throughputTargets.map(() => []);
for (let round = 0; round < 3; round++) {
  for (const [i, [label, args, env]] of throughputTargets.entries()) {
    throughputRounds[i].push(await throughput(label, args, env));
  }
}
table(
  ["32 concurrent HTTP clients, in-process tool", "calls/s per round", "server RSS MB"],
  throughputTargets.map(([label], i) => [
    label,
    throughputRounds[i].map((row) => row[1]).join(" / "),
    throughputRounds[i].map((row) => row[2]).join(" / "),
  ]),
);
console.log(
  "  load from a minimal keep-alive JSON-RPC client on the same 2 cores (scripts/bench/lean-http-client.mjs)\n",
);

// Start-up: the real bin, every first-party platform plus one stdio server, to a complete list.
const startups = [];
let idleRss = 0;
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const target = await stdioClient(node, [
    GATEWAY_BIN,
    "start",
    "--stdio",
    "--config",
    withFixture,
  ]);
  const { tools } = await target.client.request({ method: "tools/list" }, ListToolsResultSchema);
  if (!tools.some((tool) => tool.name === "wait"))
    throw new Error("the first tools/list was not complete");
  startups.push(performance.now() - started);
  idleRss = rssMb(target.pid);
  await target.close();
}
startups.sort((a, b) => a - b);
table(
  ["start-up (agent-mesh start --stdio)", "median ms", "max ms"],
  [["spawn to first complete tools/list", fmt(startups[2], 0), fmt(startups[4], 0)]],
);
console.log(
  `  every first-party platform plus one stdio server; gateway resident memory after it: ${fmt(idleRss, 0)} MB\n`,
);

// Context cost: the bytes of tools/list a client receives, all schemas versus search mode.
const big = writeConfig(
  "big.yaml",
  `servers:\n${fixtureServer("fx")}${everythingServer("e1")}${everythingServer("e2")}${everythingServer("e3")}${everythingServer("e4")}tools:\n  search: off\n`,
);
const bigSearch = writeConfig(
  "big-search.yaml",
  readFileSync(big, "utf8").replace("search: off", "search: on"),
);
const listBytes = async (config) => {
  const target = await stdioClient(node, [GATEWAY_BIN, "start", "--stdio", "--config", config]);
  const result = await target.client.request({ method: "tools/list" }, ListToolsResultSchema);
  await target.close();
  return { tools: result.tools.length, bytes: Buffer.byteLength(JSON.stringify(result)) };
};
const full = await listBytes(big);
const search = await listBytes(bigSearch);
table(
  ["tools/list a client receives", "tools", "bytes"],
  [
    ["every schema (search: off)", full.tools, full.bytes],
    ["search mode (search: on)", search.tools, search.bytes],
  ],
);
console.log(
  `  mesh: every first-party platform, the fixture server and 4 server-everything instances (${fmt((1 - search.bytes / full.bytes) * 100, 0)}% smaller)\n`,
);
rmSync(dir, { recursive: true, force: true });
