/** The last few hundred call durations of one downstream, for /health. */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly size = 512) {}

  record(ms: number): void {
    this.total++;
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
  }

  summary(): { calls: number; p50_ms: number | null; p99_ms: number | null } {
    if (this.samples.length === 0) return { calls: this.total, p50_ms: null, p99_ms: null };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) =>
      round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    return { calls: this.total, p50_ms: at(0.5), p99_ms: at(0.99) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
