// Throughput of 1, 2 and 3 gateway replicas on one Redis behind a round-robin client: each
// session's calls go to the next replica in turn (no stickiness), as behind a load balancer.
// On a machine with two cores every replica and the client share them: the rows show what a
// replica costs (session lookups in Redis), not how the gateway scales. Needs Redis (REDIS_URL,
// default 127.0.0.1:6379); says so and skips when it is not there.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSession } from "./lean-http-client.mjs";
import { fmt, table } from "./measure.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(HERE, "..", "..", "gateway", "package.json"));
const { Redis } = require("ioredis");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SESSIONS = 16;
const CALLS = Math.max(Number(process.env.BENCH_CALLS ?? 3000), 1600);

const redis = new Redis(REDIS_URL, {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
redis.on("error", () => {});
const reachable = await redis.connect().then(
  () => true,
  () => false,
);

/** One gateway-process.mjs serving HTTP; resolves with its URL and a stop function. */
function replica(config) {
  const child = spawn(process.execPath, [join(HERE, "gateway-process.mjs"), "replica", config], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AGENT_MESH_LOG_LEVEL: "error" },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output);
      if (found) resolve({ url: found[1], stop: () => child.kill("SIGTERM") });
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("exit", (code) => reject(new Error(`a replica exited ${code}: ${output}`)));
  });
}

async function rowFor(count, config) {
  const replicas = await Promise.all(Array.from({ length: count }, () => replica(config)));
  const urls = replicas.map((r) => r.url);
  try {
    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, (_, i) => openSession(urls[i % count], {}, urls)),
    );
    for (const session of sessions)
      for (let i = 0; i < 10; i++) await session.call("bench_echo_run", { n: 1 });
    const perSession = Math.ceil(CALLS / SESSIONS);
    const start = performance.now();
    await Promise.all(
      sessions.map(async (session) => {
        for (let i = 0; i < perSession; i++) await session.call("bench_echo_run", { n: 1 });
      }),
    );
    const perSecond = ((perSession * SESSIONS) / (performance.now() - start)) * 1000;
    await Promise.all(sessions.map((s) => s.close()));
    return perSecond;
  } finally {
    for (const r of replicas) r.stop();
  }
}

if (!reachable) {
  console.log(
    `replicas: Redis at ${REDIS_URL} is unreachable; set REDIS_URL to measure replica rows\n`,
  );
} else {
  const dir = mkdtempSync(join(tmpdir(), "mesh-bench-replicas-"));
  const prefix = `agent-mesh-bench:${randomUUID()}:`;
  const config = join(dir, "mesh.yaml");
  writeFileSync(
    config,
    `audit:\n  enabled: false\nstate:\n  redis: ${REDIS_URL}\n  key_prefix: "${prefix}"\n`,
  );
  try {
    const rows = [];
    let one;
    for (const count of [1, 2, 3]) {
      const perSecond = await rowFor(count, config);
      one ??= perSecond;
      rows.push([
        `${count} replica${count > 1 ? "s" : ""}, round-robin`,
        fmt(perSecond, 0),
        `${fmt((perSecond / one) * 100, 0)}%`,
      ]);
    }
    table([`${SESSIONS} HTTP sessions on one Redis, in-process tool`, "calls/s", "vs 1"], rows);
    console.log(
      "  every replica and the client share this machine's cores: on two cores this shows the overhead of\n  replicas (session lookups in Redis, more processes), not scale; measure scale with a core per replica\n",
    );
  } finally {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    rmSync(dir, { recursive: true, force: true });
  }
}
redis.disconnect();
