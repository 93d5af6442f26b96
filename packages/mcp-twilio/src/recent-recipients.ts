const WINDOW_MS = 60_000;

/**
 * The distinct numbers this server messaged in the last minute. A send to a new number past the
 * configured count asks for confirmation first, so a loop cannot text a whole list unnoticed.
 */
export class RecentRecipients {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when messaging `to` now would make more than `limit` distinct recipients this minute. */
  wouldExceed(to: string, limit: number): boolean {
    this.prune();
    return !this.seen.has(to) && this.seen.size + 1 > limit;
  }

  add(to: string): void {
    this.seen.delete(to);
    this.seen.set(to, this.now());
  }

  private prune(): void {
    const oldest = this.now() - WINDOW_MS;
    for (const [to, at] of this.seen) if (at <= oldest) this.seen.delete(to);
  }
}
