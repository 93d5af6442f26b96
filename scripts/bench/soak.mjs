// Memory under steady load (issue 22): the gateway process (every first-party platform, the bench
// platform and one stdio server) serves a fixed rate of calls, half to an in-process tool and half
// to the stdio server's, from 8 HTTP sessions of which one is replaced every 5 s; its RSS is
// read at 1, 5 and 10 minutes. BENCH_SOAK_MINUTES shortens it (samples at 1, 5, 10 that fit, and
// at the end). `pnpm bench --quick` or BENCH_SOAK=0 skips it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSession } from "./lean-http-client.mjs";
import { fmt, table } from "./measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const FIXTURE = join(ROOT, "gateway", "test", "fixtures", "fixture-server.mjs");
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 200);
const SESSIONS = 8;

const dir = mkdtempSync(join(tmpdir(), "mesh-soak-"));
const config = join(dir, "mesh.yaml");
writeFileSync(
  config,
  `servers:\n  fx:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(FIXTURE)}]\n`,
);
const child = spawn(process.execPath, [join(HERE, "gateway-process.mjs"), "http", config], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error" },
});
let output = "";
const url = await new Promise((resolve, reject) => {
  child.stdout.on("data", (chunk) => {
    output += chunk;
    const found = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output);
    if (found) resolve(found[1]);
  });
  child.once("exit", (code) => reject(new Error(`the gateway exited with ${code}`)));
});
const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;

const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => openSession(url)));
const idle = rssMb();
let calls = 0;
let errors = 0;
const errorKinds = new Map();
let stopping = false;
const interval = (SESSIONS / RATE) * 1000;
const renew = sessions.map(() => false);
const loops = sessions.map(async (_, slot) => {
  for (let i = 0; !stopping; i++) {
    const next = performance.now() + interval;
    if (renew[slot]) {
      // Replaced between its calls, never under one in flight.
      renew[slot] = false;
      const old = sessions[slot];
      sessions[slot] = await openSession(url);
      await old.close();
    }
    const session = sessions[slot];
    try {
      if (i % 2 === 0) await session.call("bench_echo_run", { n: i });
      else await session.call("echo", { message: "soak" });
      calls++;
    } catch (err) {
      errors++;
      const kind = String(err.message).slice(0, 160);
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
});
let turn = 0;
const churn = setInterval(() => {
  renew[turn++ % SESSIONS] = true;
}, 5_000);

const marks = [1, 5, 10].filter((m) => m < MINUTES);
marks.push(MINUTES);
const samples = [];
const started = performance.now();
for (const minute of marks) {
  const wait = started + minute * 60_000 - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  samples.push([`${minute} min`, fmt(rssMb(), 0), calls, errors]);
}
stopping = true;
clearInterval(churn);
await Promise.all(loops);
await Promise.all(sessions.map((session) => session.close()));
child.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nSoak: ${RATE} calls/s (half in-process, half stdio) from ${SESSIONS} HTTP sessions, one replaced every 5 s, for ${MINUTES} min (Node ${process.version}, ${new Date().toISOString()})\n`,
);
table(
  ["gateway RSS", "MB", "calls so far", "errors"],
  [["before the load", fmt(idle, 0), 0, 0], ...samples],
);
console.log("  every first-party platform, the bench platform in process, one stdio server");
for (const [kind, count] of errorKinds) console.log(`  error x${count}: ${kind}`);
console.log("");
