import { afterAll, describe, expect, it } from "vitest";
import { MemoryMeshState, type MeshState } from "../src/state/index.js";
import { RedisMeshState } from "../src/state/redis.js";
import { eventually } from "./helpers.js";
import {
  closedPort,
  dropUsedPrefixes,
  REDIS_URL,
  rawRedis,
  redisProblem,
  uniquePrefix,
} from "./redis.js";

const problem = await redisProblem();
const opened: MeshState[] = [];
afterAll(async () => {
  await Promise.all(opened.map((state) => state.close()));
  if (problem === undefined) await dropUsedPrefixes();
});

async function redisState(keyPrefix: string): Promise<RedisMeshState> {
  const state = new RedisMeshState({ url: REDIS_URL, keyPrefix });
  opened.push(state);
  await state.connect();
  return state;
}

function contract(name: string, make: () => Promise<[MeshState, MeshState]>) {
  // Two handles on one state: two replicas on one Redis (or, for memory, one object twice).
  describe(`${name} MeshState`, () => {
    it("gives a claim to exactly one of many concurrent claimers", async () => {
      const [a, b] = await make();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim("job", `owner-${i}`, 10_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await a.get("job")).toBe(`owner-${winner}`);
      await b.delete("job");
      expect(await a.claim("job", "next", 10_000)).toBe(true);
    });

    it("forgets values after their TTL", async () => {
      const [a, b] = await make();
      await a.set("short", "v", 30);
      await a.set("long", "v", 60_000);
      expect(await b.get("long")).toBe("v");
      await eventually(async () => (await b.get("short")) === undefined, 10_000, "the expiry");
      expect(await b.get("long")).toBe("v");
      expect(await b.claim("short", "again", 60_000)).toBe(true);
    });

    it("counts concurrent increments from every handle, and expires counters", async () => {
      const [a, b] = await make();
      const values = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).increment("hits", 2, 60_000)),
      );
      expect(Math.max(...values)).toBe(60);
      expect(new Set(values).size).toBe(30);
      expect(await a.increment("brief", 1, 30)).toBe(1);
      await eventually(async () => (await b.increment("brief", 0, 30)) === 0, 10_000, "expiry");
    });

    it("delivers published messages to every subscriber until it unsubscribes", async () => {
      const [a, b] = await make();
      const seen: string[] = [];
      const stop = b.subscribe("news", (message) => seen.push(message));
      // A Redis subscription takes a moment to be in place: publish until it is heard.
      await eventually(
        async () => {
          await a.publish("news", "hello");
          return seen.includes("hello");
        },
        10_000,
        "the first message",
      );
      stop();
      const count = seen.length;
      await a.publish("news", "after");
      await b.publish("other", "noise");
      await a.set("barrier", "x", 1000); // one round trip later, nothing more arrived
      expect(seen.length).toBe(count);
      expect(seen).not.toContain("after");
    });
  });
}

contract("memory", async () => {
  const state = new MemoryMeshState();
  return [state, state];
});

describe.skipIf(problem !== undefined)("Redis", () => {
  contract("Redis", async () => {
    const prefix = uniquePrefix("state");
    return [await redisState(prefix), await redisState(prefix)];
  });

  it("keeps each mesh's keys under its prefix, with a TTL", async () => {
    const prefix = uniquePrefix("prefix");
    const state = await redisState(prefix);
    const other = await redisState(uniquePrefix("other-mesh"));
    await state.set("k", "mine", 60_000);
    expect(await other.get("k")).toBeUndefined();
    const raw = rawRedis();
    try {
      expect(await raw.get(`${prefix}k`)).toBe("mine");
      const ttl = await raw.pttl(`${prefix}k`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      raw.disconnect();
    }
    expect(state.health()).toMatchObject({ kind: "redis", ok: true });
  });

  it("reports an unreachable Redis in health and fails commands at once", async () => {
    const port = await closedPort();
    const state = new RedisMeshState({ url: `redis://:hunter2-secret@127.0.0.1:${port}` });
    opened.push(state);
    await state.connect();
    const health = state.health();
    expect(health).toMatchObject({ kind: "redis", ok: false });
    expect(health.error).toMatch(/ECONNREFUSED|not connected|closed|Connection/i);
    expect(JSON.stringify(health)).not.toContain("hunter2");
    await expect(state.get("k")).rejects.toThrow();
  });
});
