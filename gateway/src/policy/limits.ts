import { type Caller, globToRegExp } from "@agent-mesh/core";
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { parseRate } from "./rate.js";
import type { LimitConfig } from "./schema.js";

/** Where rate-limit counters live: this process, or a Redis every replica shares. */
export type LimiterStore = { kind: "memory" } | { kind: "redis"; client: Redis; keyPrefix: string };

/**
 * The rate limiters of every policy applied so far, by what they count, so a reload that keeps a
 * limit keeps its budget (in memory; in Redis the counters outlive the process anyway).
 */
export class Limiters {
  private readonly made = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: LimiterStore) {}

  get(name: string, points: number, seconds: number): RateLimiterAbstract {
    const key = `${name}:${points}/${seconds}`;
    let limiter = this.made.get(key);
    if (!limiter) {
      const options = { points, duration: seconds, keyPrefix: `policy:limit:${key}` };
      limiter =
        this.store.kind === "redis"
          ? new RateLimiterRedis({
              ...options,
              storeClient: this.store.client,
              keyPrefix: `${this.store.keyPrefix}${options.keyPrefix}`,
              rejectIfRedisNotReady: true,
            })
          : new RateLimiterMemory(options);
      this.made.set(key, limiter);
    }
    return limiter;
  }
}

/** One configured limit, compiled: which calls it counts and the limiters that count them. */
export class Limit {
  readonly id: string;
  readonly source: string;
  readonly describe: string;
  private readonly clients?: RegExp[];
  private readonly roles?: RegExp[];
  private readonly tools?: RegExp[];
  private readonly counters: RateLimiterAbstract[];

  constructor(
    private readonly config: LimitConfig,
    index: number,
    source: string | undefined,
    limiters: Limiters,
  ) {
    this.id = config.id ?? `limits[${index}]`;
    this.source = source ?? `policy.limits[${index}]`;
    const rate = parseRate(config.rate)!;
    this.counters = [limiters.get(this.id, rate.points, rate.seconds)];
    if (config.burst !== undefined && config.burst < rate.points) {
      // A token bucket of `burst` that refills at the rate: at most `burst` calls in the time
      // the rate takes to earn them, besides the rate's own window.
      const seconds = Math.max(1, Math.ceil((config.burst * rate.seconds) / rate.points));
      this.counters.unshift(limiters.get(`${this.id}:burst`, config.burst, seconds));
    }
    this.describe = `${config.rate}${config.burst !== undefined ? ` (burst ${config.burst})` : ""}${config.per === "mesh" ? " for the whole mesh" : " per client"}`;
    const compile = (globs: string[] | undefined) => globs?.map(globToRegExp);
    this.clients = compile(config.clients);
    this.roles = compile(config.roles);
    this.tools = compile(config.tools);
  }

  applies(caller: Caller, tool: string): boolean {
    if (this.clients && !this.clients.some((re) => re.test(caller.id))) return false;
    if (this.roles && !caller.roles.some((role) => this.roles!.some((re) => re.test(role))))
      return false;
    return !this.tools || this.tools.some((re) => re.test(tool));
  }

  /**
   * Takes one call from every counter of this limit. Undefined when admitted, else how long until
   * the next call would be; a counter that admitted the call is refunded when another refuses it.
   */
  async take(caller: Caller): Promise<number | undefined> {
    const key = this.config.per === "mesh" ? "mesh" : caller.id;
    const taken: RateLimiterAbstract[] = [];
    for (const counter of this.counters) {
      try {
        await counter.consume(key, 1);
        taken.push(counter);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        await Promise.allSettled(taken.map((t) => t.reward(key, 1)));
        return Math.max(1, Math.ceil(err.msBeforeNext));
      }
    }
    return undefined;
  }

  /** Gives back a call `take` admitted, when a later limit refused it. */
  async refund(caller: Caller): Promise<void> {
    const key = this.config.per === "mesh" ? "mesh" : caller.id;
    await Promise.allSettled(this.counters.map((counter) => counter.reward(key, 1)));
  }
}
