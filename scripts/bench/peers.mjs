// agent-mesh side by side with other MCP aggregators (issue 22): each runs as its own process on
// the same stdio downstream (server-everything's `echo`), driven by the same lean load clients, in
// interleaved rounds. Prints the median of the rounds with min-max, and agent-mesh / peer ratios.
// A peer that cannot run here is reported with the reason; the rest go on.
//   agent-mesh    gateway/dist/bin.js start, only the stdio server (no first-party platform), no
//                 audit log; agent-mesh+audit: the same with the default audit log (PGlite)
//   mcp-hub       legacy HTTP+SSE at /mcp (the only transport it serves)
//   supergateway  --stdio ... --outputTransport streamableHttp --stateful (one child per session)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSession } from "./lean-http-client.mjs";
import { openSseSession } from "./lean-sse-client.mjs";
import { fmt, table } from "./measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const node = process.execPath;
const gatewayRequire = createRequire(join(ROOT, "gateway", "package.json"));
const benchRequire = createRequire(join(HERE, "..", "package.json"));
const EVERYTHING = join(
  dirname(gatewayRequire.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);
const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 3);
const LATENCY_CALLS = Number(process.env.BENCH_PEER_CALLS ?? 1000);
const THROUGHPUT_CALLS = Number(process.env.BENCH_PEER_LOAD ?? 3200);
const SESSIONS = 32;

const dir = mkdtempSync(join(tmpdir(), "mesh-peers-"));
const version = (name) => {
  try {
    return JSON.parse(readFileSync(benchRequire.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    return undefined;
  }
};
const ownVersion = JSON.parse(readFileSync(join(ROOT, "gateway", "package.json"), "utf8")).version;

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function agentMesh(name, extra) {
  return {
    name,
    version: ownVersion,
    transport: "http",
    setup() {
      const config = join(dir, `${name}.yaml`);
      writeFileSync(
        config,
        `integrations: {}\n${extra}servers:\n  everything:\n    command: ${JSON.stringify(node)}\n    args: [${JSON.stringify(EVERYTHING)}, stdio]\n`,
      );
      return (port) => [
        join(ROOT, "gateway", "dist", "bin.js"),
        "start",
        "--config",
        config,
        "--port",
        String(port),
        "--no-watch",
      ];
    },
  };
}

const peers = [
  // Like the peers: no audit log. The default `agent-mesh start` also writes a hash-chained
  // audit record of every call (PGlite without `database:`), measured as its own column.
  agentMesh("agent-mesh", "audit:\n  enabled: false\n"),
  agentMesh("agent-mesh+audit", ""),
  {
    name: "mcp-hub",
    version: version("mcp-hub"),
    transport: "sse",
    setup() {
      const bin = join(dirname(benchRequire.resolve("mcp-hub/package.json")), "dist", "cli.js");
      const config = join(dir, "mcp-hub.json");
      writeFileSync(
        config,
        JSON.stringify({
          mcpServers: { everything: { command: node, args: [EVERYTHING, "stdio"] } },
        }),
      );
      return (port) => [bin, "--port", String(port), "--config", config];
    },
  },
  {
    name: "supergateway",
    version: version("supergateway"),
    transport: "http",
    setup() {
      const bin = join(
        dirname(benchRequire.resolve("supergateway/package.json")),
        "dist",
        "index.js",
      );
      return (port) => [
        bin,
        "--stdio",
        `${JSON.stringify(node)} ${JSON.stringify(EVERYTHING)} stdio`,
        "--outputTransport",
        "streamableHttp",
        "--stateful",
        "--port",
        String(port),
        "--logLevel",
        "none",
      ];
    },
  },
];

const open = (peer, url) => (peer.transport === "sse" ? openSseSession(url) : openSession(url));

/** Spawns the peer; resolves when a fresh session's tools/list holds the echo tool. */
async function start(peer, args) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const started = performance.now();
  const child = spawn(node, args(port), {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, AGENT_MESH_LOG_LEVEL: "error" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  let exited;
  child.once("exit", (code) => {
    exited = code;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`exited with ${exited}: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`no complete tools/list within 60 s: ${stderr.trim()}`);
    }
    try {
      const session = await open(peer, url);
      const list = await session.list();
      const echo = list.tools.find((tool) => /(^|_)echo$/.test(tool.name));
      if (echo) {
        const startup = performance.now() - started;
        return { child, url, startup, tool: echo.name, session };
      }
      await session.close();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await gone;
  clearTimeout(timer);
}

async function round(peer) {
  const target = await start(peer, peer.args);
  try {
    const args = { message: "hi" };
    const one = target.session;
    for (let i = 0; i < 200; i++) await one.call(target.tool, args);
    const times = new Float64Array(LATENCY_CALLS);
    for (let i = 0; i < LATENCY_CALLS; i++) {
      const t = performance.now();
      await one.call(target.tool, args);
      times[i] = performance.now() - t;
    }
    times.sort();
    await one.close();
    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, () => open(peer, target.url)),
    );
    for (const session of sessions)
      for (let i = 0; i < 5; i++) await session.call(target.tool, args);
    const perSession = Math.ceil(THROUGHPUT_CALLS / SESSIONS);
    const begun = performance.now();
    await Promise.all(
      sessions.map(async (session) => {
        for (let i = 0; i < perSession; i++) await session.call(target.tool, args);
      }),
    );
    const perSecond = ((perSession * SESSIONS) / (performance.now() - begun)) * 1000;
    const rss = rssMb(target.child.pid);
    await Promise.all(sessions.map((session) => session.close()));
    return {
      throughput: perSecond,
      p50: times[Math.floor(LATENCY_CALLS * 0.5)],
      p99: times[Math.floor(LATENCY_CALLS * 0.99)],
      startup: target.startup,
      rss,
    };
  } finally {
    await stop(target.child);
  }
}

console.log(
  `\nSide by side: one stdio downstream (server-everything echo), ${ROUNDS} interleaved rounds (Node ${process.version}, ${new Date().toISOString()})\n`,
);
const results = new Map(peers.map((peer) => [peer.name, []]));
const problems = new Map();
for (const peer of peers) {
  try {
    if (!peer.version)
      throw new Error("not installed (scripts/package.json lists it; run pnpm install)");
    peer.args = peer.setup();
  } catch (err) {
    problems.set(peer.name, err.message);
  }
}
for (let r = 0; r < ROUNDS; r++) {
  for (const peer of peers) {
    if (problems.has(peer.name)) continue;
    try {
      results.get(peer.name).push(await round(peer));
    } catch (err) {
      problems.set(peer.name, `round ${r + 1}: ${err.message}`);
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const measures = [
  ["throughput, 32 sessions (calls/s)", "throughput", 0, true],
  ["p50 latency, one client (ms)", "p50", 3, false],
  ["p99 latency, one client (ms)", "p99", 3, false],
  ["start-up to first full tools/list (ms)", "startup", 0, false],
  ["RSS after the load (MB)", "rss", 0, false],
];
const ran = peers.filter((peer) => results.get(peer.name).length > 0);
const own = results.get("agent-mesh");
const cell = (rounds, key, digits) => {
  if (rounds.length === 0) return "-";
  const values = rounds.map((r) => r[key]);
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}-${fmt(Math.max(...values), digits)})`;
};
const ratio = (peer, key, higherIsBetter) => {
  if (own.length === 0 || peer === "agent-mesh") return undefined;
  const mine = median(own.map((r) => r[key]));
  const theirs = median(results.get(peer).map((r) => r[key]));
  const x = mine / theirs;
  const better = higherIsBetter ? x >= 1 : x <= 1;
  const factor = higherIsBetter ? x : 1 / x;
  return `${fmt(x, 2)} (${better ? "agent-mesh" : "peer"} ${fmt(better ? factor : 1 / factor, 2)}x better)`;
};
const others = ran.filter((peer) => !peer.name.startsWith("agent-mesh"));
table(
  [
    "median (min-max) over rounds",
    ...ran.map((peer) => `${peer.name} ${peer.version}`),
    ...others.map((peer) => `ratio vs ${peer.name}`),
  ],
  measures.map(([label, key, digits, higherIsBetter]) => [
    label,
    ...ran.map((peer) => cell(results.get(peer.name), key, digits)),
    ...others.map((peer) => ratio(peer.name, key, higherIsBetter) ?? "-"),
  ]),
);
console.log(
  "  ratio = agent-mesh / peer. Load: scripts/bench/lean-http-client.mjs (Streamable HTTP) and lean-sse-client.mjs (legacy HTTP+SSE, mcp-hub).",
);
console.log(
  "  RSS is the aggregator's own process; supergateway --stateful runs one downstream child per session (not counted).",
);
for (const [name, why] of problems) console.log(`  ${name} did not run: ${why}`);
console.log("");
rmSync(dir, { recursive: true, force: true });
