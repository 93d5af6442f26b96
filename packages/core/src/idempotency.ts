import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** Where results of side-effecting calls are kept so a retried call is answered, not re-run. */
export interface IdempotencyStore {
  get(key: string): Promise<CallToolResult | undefined>;
  set(key: string, result: CallToolResult, ttlMs: number): Promise<void>;
}

export interface MemoryIdempotencyStoreOptions {
  /** Oldest entries are dropped past this count (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

/** The default store: in memory, with per-entry expiry and a size bound. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { result: CallToolResult; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CallToolResult | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.result;
  }

  async set(key: string, result: CallToolResult, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { result, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
