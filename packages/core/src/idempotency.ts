import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { SharedState } from "./state.js";

/** A remembered result, with a fingerprint of the arguments that produced it. */
export interface IdempotencyRecord {
  fingerprint: string;
  result: CallToolResult;
}

/** Where results of side-effecting calls are kept so a retried call is answered, not re-run. */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyRecord | undefined>;
  set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void>;
}

export interface MemoryIdempotencyStoreOptions {
  /** Oldest entries are dropped past this count (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

/** The default store: in memory, with per-entry expiry and a size bound. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.record;
  }

  async set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { record, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * Records kept in a runtime's shared state as JSON (`idem:<key>`), so every process that shares
 * the state (gateway replicas on one Redis) replays the same result.
 */
export class StateIdempotencyStore implements IdempotencyStore {
  constructor(private readonly state: SharedState) {}

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const text = await this.state.get(`idem:${key}`);
    return text === undefined ? undefined : (JSON.parse(text) as IdempotencyRecord);
  }

  async set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    await this.state.set(`idem:${key}`, JSON.stringify(record), ttlMs);
  }
}
