import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** The Redis tests use: REDIS_URL, or the machine's own on 127.0.0.1:6379. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const used: string[] = [];

/** A key prefix no other test run shares; `dropUsedPrefixes` cleans up after it. */
export function uniquePrefix(what: string): string {
  const prefix = `agent-mesh-test:${what}:${randomUUID()}:`;
  used.push(prefix);
  return prefix;
}

/** Removes what this test file stored in Redis. */
export function dropUsedPrefixes(): Promise<void> {
  return dropPrefixes(used.splice(0));
}

/**
 * Undefined when Redis answers; otherwise why not. In CI a missing Redis is a failure (the
 * machine provides one); on a laptop without Redis the tests that need it are skipped, saying so.
 */
export async function redisProblem(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (err) {
    const problem = `Redis at ${REDIS_URL} is unreachable (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.CI === "true") throw new Error(`${problem}; CI needs it for the replica tests`);
    process.stderr.write(
      `${problem}: skipping the tests that need Redis; set REDIS_URL to run them\n`,
    );
    return problem;
  } finally {
    probe.disconnect();
  }
}

/** A plain client, to look at what the gateway stored. */
export function rawRedis(): Redis {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  return client;
}

/** A port nothing listens on: a Redis that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Removes every key a test run left under its prefixes. */
export async function dropPrefixes(prefixes: string[]): Promise<void> {
  const raw = rawRedis();
  try {
    for (const prefix of prefixes) {
      let cursor = "0";
      do {
        const [next, keys] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        if (keys.length > 0) await raw.del(...keys);
        cursor = next;
      } while (cursor !== "0");
    }
  } finally {
    raw.disconnect();
  }
}
