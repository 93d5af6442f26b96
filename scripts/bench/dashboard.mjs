// Does serving the dashboard cost /mcp anything? One gateway process; /mcp tools/call latency and
// sequential throughput measured in interleaved rounds: the dashboard idle, polled as a few open
// tabs would (2 requests a second), and hammered (40 a second, 80 tabs' worth) by a browser-like
// poller (the overview's live fragment, the catalog list, the overview page, with a session
// cookie as a browser keeps). Prints each with its ratio to idle; never asserts. Part of
// `pnpm bench`.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSession } from "./lean-http-client.mjs";
import { fmt, table } from "./measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const CALLS = Number(process.env.BENCH_DASHBOARD_CALLS ?? 800);
/** Dashboard requests per second in each mode: an open tab polls once every 2 seconds. */
const MODES = [
  ["idle", 0],
  ["polled like 4 open tabs", 2],
  ["polled 40/s (80 tabs)", 40],
];
const ROUNDS = MODES.length * 3;
const PAGES = ["/dashboard/overview/live", "/dashboard/catalog/list?q=", "/dashboard"];

const child = spawn(process.execPath, [join(HERE, "gateway-process.mjs"), "http"], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error" },
});
const url = await new Promise((resolve, reject) => {
  let output = "";
  const look = (chunk) => {
    output += chunk;
    const found = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output);
    if (found) resolve(found[1]);
  };
  child.stdout.on("data", look);
  child.stderr.on("data", look);
  child.once("exit", (code) => reject(new Error(`the gateway exited ${code}: ${output}`)));
});
const origin = new URL(url).origin;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let cookie = "";

function get(path) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      const set = res.headers["set-cookie"]?.find((c) => c.startsWith("agent_mesh_dashboard="));
      if (set) cookie = set.split(";", 1)[0];
      res.resume();
      res.on("end", () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** Requests dashboard pages at `rate` a second until stopped; returns how many it made. */
function poll(rate) {
  let stopped = false;
  let made = 0;
  const started = performance.now();
  const done = (async () => {
    while (!stopped) {
      await get(PAGES[made % PAGES.length]);
      made++;
      const due = started + (made * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return { made, seconds: (performance.now() - started) / 1000 };
  })();
  return async () => {
    stopped = true;
    return done;
  };
}

const session = await openSession(url);
await get("/dashboard");
for (let i = 0; i < 300; i++) await session.call("bench_echo_run", { n: i });

const samples = new Map(MODES.map(([mode]) => [mode, []]));
const elapsed = new Map(MODES.map(([mode]) => [mode, 0]));
const polls = new Map(MODES.map(([mode]) => [mode, { made: 0, seconds: 0 }]));
for (let round = 0; round < ROUNDS; round++) {
  const [mode, rate] = MODES[round % MODES.length];
  const stop = rate > 0 ? poll(rate) : undefined;
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await session.call("bench_echo_run", { n: i });
    samples.get(mode).push(performance.now() - t);
  }
  elapsed.set(mode, elapsed.get(mode) + performance.now() - start);
  if (stop) {
    const p = await stop();
    const sum = polls.get(mode);
    polls.set(mode, { made: sum.made + p.made, seconds: sum.seconds + p.seconds });
  }
}
await session.close();
child.kill("SIGTERM");
agent.destroy();

const stats = (mode) => {
  const times = Float64Array.from(samples.get(mode)).sort();
  return {
    p50: times[Math.floor(times.length * 0.5)],
    p99: times[Math.floor(times.length * 0.99)],
    perSecond: (times.length / elapsed.get(mode)) * 1000,
  };
};
const idle = stats("idle");
console.log(
  `\nDashboard beside /mcp: ${ROUNDS} interleaved rounds of ${CALLS} sequential tools/call (in-process tool, HTTP)\n`,
);
table(
  ["dashboard", "p50 ms", "p99 ms", "calls/s", "p50 ratio", "calls/s ratio", "dashboard req/s"],
  MODES.map(([mode]) => {
    const s = stats(mode);
    const p = polls.get(mode);
    return [
      mode,
      fmt(s.p50, 3),
      fmt(s.p99, 3),
      fmt(s.perSecond, 0),
      fmt(s.p50 / idle.p50, 3),
      fmt(s.perSecond / idle.perSecond, 3),
      p.seconds > 0 ? fmt(p.made / p.seconds, 1) : "0",
    ];
  }),
);
console.log(
  `* ratios are to the idle rows; the poller asks for ${PAGES.join(", ")} in turn; client, poller and gateway share this machine's cores.\n`,
);
