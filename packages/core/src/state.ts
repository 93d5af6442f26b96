/**
 * Where a runtime keeps what must hold across retries, sessions and (in the gateway) replicas:
 * idempotency records, in-flight claims, spent confirmation tokens. Values are strings so that
 * every implementation (memory, Redis) stores them the same way.
 */
export interface SharedState {
  /** The value, or undefined when it is missing or has expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value that expires after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores only if absent (Redis SET NX PX): true when this caller got the key. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface MemoryStateOptions {
  /** Oldest entries are dropped past this count (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

/** The default state: one process's memory, with per-entry expiry and a size bound. */
export class MemoryState implements SharedState {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryStateOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
