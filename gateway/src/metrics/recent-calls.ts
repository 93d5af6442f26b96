const MINUTE_MS = 60_000;
const MINUTES = 60;

interface Bucket {
  minute: number;
  calls: number;
  errors: number;
}

/**
 * Calls and errors of each downstream in the last hour, in one-minute buckets (60 per
 * downstream, reused as time moves on): what mesh://status shows without scraping Prometheus.
 */
export class RecentCalls {
  private readonly windows = new Map<string, Bucket[]>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  record(downstream: string, failed: boolean): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    let buckets = this.windows.get(downstream);
    if (!buckets) {
      buckets = [];
      this.windows.set(downstream, buckets);
    }
    const slot = minute % MINUTES;
    const bucket = buckets[slot];
    if (bucket && bucket.minute === minute) {
      bucket.calls++;
      if (failed) bucket.errors++;
    } else {
      buckets[slot] = { minute, calls: 1, errors: failed ? 1 : 0 };
    }
    for (const listener of this.listeners) listener();
  }

  /** Calls and errors of the downstream in the last 60 minutes (this one included). */
  lastHour(downstream: string): { calls: number; errors: number } {
    const since = Math.floor(this.now() / MINUTE_MS) - MINUTES + 1;
    let calls = 0;
    let errors = 0;
    for (const bucket of this.windows.get(downstream) ?? []) {
      if (!bucket || bucket.minute < since) continue;
      calls += bucket.calls;
      errors += bucket.errors;
    }
    return { calls, errors };
  }

  /** Runs `listener` after each call recorded; returns what stops it. */
  onCall(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
