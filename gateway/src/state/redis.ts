import { Redis } from "ioredis";
import type { MeshState, StateHealth } from "./mesh-state.js";

export interface RedisStateOptions {
  url: string;
  /** Prefix of every key and channel (default "agent-mesh:"). */
  keyPrefix?: string;
  /** Longest wait for a connection or a command before it fails (default 2 s). */
  timeoutMs?: number;
}

// INCRBY, and an expiry for a counter that has none yet (a new one), in one atomic step.
const INCREMENT = `local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

/**
 * State in Redis, shared by every gateway replica pointed at it. Commands fail at once while
 * Redis is unreachable (no offline queue), so a call that needs state answers
 * `upstream_unavailable` instead of hanging; the client reconnects in the background.
 */
export class RedisMeshState implements MeshState {
  private readonly redis: Redis;
  private subscriber: Redis | undefined;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly prefix: string;
  private readonly target: string;
  private lastError: string | undefined = "not connected yet";

  constructor(options: RedisStateOptions) {
    this.prefix = options.keyPrefix ?? "agent-mesh:";
    this.target = withoutCredentials(options.url);
    const timeout = options.timeoutMs ?? 2000;
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: timeout,
      commandTimeout: timeout,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.redis.on("ready", () => {
      this.lastError = undefined;
    });
    this.redis.on("error", (err: Error) => {
      this.lastError = describe(err);
    });
    this.redis.on("end", () => {
      this.lastError ??= "connection closed";
    });
  }

  /** The connection itself, for counters that speak Redis directly (policy rate limits). */
  get connection(): Redis {
    return this.redis;
  }

  /** Prefix of every key this state writes. */
  get keyPrefix(): string {
    return this.prefix;
  }

  /** Makes the first connection attempt; a failure is reported by health(), not thrown. */
  async connect(): Promise<void> {
    await this.redis.connect().catch(() => {});
  }

  async get(key: string): Promise<string | undefined> {
    this.mustBeReady();
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.mustBeReady();
    await this.redis.set(this.prefix + key, value, "PX", ttl(ttlMs));
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.mustBeReady();
    return (await this.redis.set(this.prefix + key, value, "PX", ttl(ttlMs), "NX")) === "OK";
  }

  async delete(key: string): Promise<void> {
    this.mustBeReady();
    await this.redis.del(this.prefix + key);
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    this.mustBeReady();
    return Number(await this.redis.eval(INCREMENT, 1, this.prefix + key, by, ttl(ttlMs)));
  }

  async publish(channel: string, message: string): Promise<void> {
    this.mustBeReady();
    await this.redis.publish(this.prefix + channel, message);
  }

  subscribe(channel: string, handler: (message: string) => void): () => void {
    const name = this.prefix + channel;
    const subscriber = this.ensureSubscriber();
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
      subscriber.subscribe(name).catch(() => {});
    }
    set.add(handler);
    return () => {
      const current = this.handlers.get(name);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(name);
      subscriber.unsubscribe(name).catch(() => {});
    };
  }

  health(): StateHealth {
    const ok = this.redis.status === "ready";
    return {
      kind: "redis",
      ok,
      target: this.target,
      ...(ok ? {} : { error: this.lastError ?? `connection ${this.redis.status}` }),
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([quit(this.redis), this.subscriber && quit(this.subscriber)]);
  }

  /** Says why at once while Redis is unreachable, rather than the client's queue message. */
  private mustBeReady(): void {
    if (this.redis.status === "ready") return;
    throw new Error(
      `Redis at ${this.target} is unreachable (${this.lastError ?? `connection ${this.redis.status}`})`,
    );
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    // A connection in subscriber mode serves nothing else; it queues and resubscribes on reconnect.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    subscriber.on("error", () => {});
    subscriber.on("message", (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}

function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === "end") return;
  if (redis.status !== "ready") return void redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** redis://user:secret@host:6379/0 -> redis://host:6379/0 */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "redis";
  }
}
