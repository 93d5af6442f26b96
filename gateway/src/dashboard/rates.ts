import type { MeshMetrics } from "../metrics/index.js";

interface Totals {
  calls: number;
  errors: number;
}

/** Calls per minute and error rate of one downstream, over about the last minute. */
export interface Rate {
  calls_per_min: number | null;
  error_rate: number | null;
  total_calls: number;
  total_errors: number;
}

const WINDOW_MS = 60_000;

/**
 * Per-downstream call rates, read from the Prometheus counter the pipeline already keeps (so the
 * call path does no extra work): each read is remembered, and a rate is the change since the
 * oldest read of the last minute.
 */
export class CallRates {
  private readonly samples: Array<{ at: number; totals: Map<string, Totals> }> = [];

  constructor(
    private readonly metrics: MeshMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async read(): Promise<Map<string, Rate>> {
    const at = this.now();
    const totals = await this.totals();
    while (this.samples.length > 0 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
    const base = this.samples[0];
    this.samples.push({ at, totals });
    const rates = new Map<string, Rate>();
    for (const [name, now] of totals) {
      const then = base?.totals.get(name) ?? { calls: 0, errors: 0 };
      const minutes = base ? (at - base.at) / 60_000 : 0;
      const calls = now.calls - then.calls;
      rates.set(name, {
        calls_per_min: base && minutes > 0 ? Math.round((calls / minutes) * 10) / 10 : null,
        error_rate: calls > 0 ? (now.errors - then.errors) / calls : null,
        total_calls: now.calls,
        total_errors: now.errors,
      });
    }
    return rates;
  }

  private async totals(): Promise<Map<string, Totals>> {
    const totals = new Map<string, Totals>();
    const metric = this.metrics.registry.getSingleMetric("agent_mesh_tool_calls_total");
    if (!metric) return totals;
    for (const value of (await metric.get()).values) {
      const name = String(value.labels.downstream ?? "");
      const entry = totals.get(name) ?? { calls: 0, errors: 0 };
      entry.calls += value.value;
      if (value.labels.outcome !== "ok") entry.errors += value.value;
      totals.set(name, entry);
    }
    return totals;
  }
}
