import type { Database } from "../audit/database.js";
import type { Usage } from "./meters.js";
import { costOf } from "./price.js";
import type { Prices } from "./prices.js";

export type CostGrouping = "platform" | "tool" | "client" | "tenant";

/** One line of the report: a platform, tool or client, with its calls, usage and cost. */
export interface CostRow {
  key: string;
  calls: number;
  errors: number;
  /** Quantity per meter (bedrock.input_tokens, twilio.sms_segments, ...). */
  usage: Record<string, number>;
  cost: number;
  /** Usage records no price applied to (an unknown model, another currency). */
  unpriced: number;
}

export interface CostReport {
  since: number;
  until: number;
  by: CostGrouping;
  currency: string;
  prices_as_of: string;
  list_prices: boolean;
  rows: CostRow[];
  totals: Omit<CostRow, "key">;
  /** Per UTC day, oldest first: for a chart over time. */
  days: Array<{ day: string; calls: number; errors: number; cost: number }>;
  /**
   * With `bucket`: every minute, hour or UTC day from `since` to `until`, oldest first, empty ones
   * included (a chart's x axis). `start` is the bucket's first moment, ISO 8601.
   */
  series?: Array<{ start: string; calls: number; errors: number; cost: number }>;
}

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

const COLUMN: Record<CostGrouping, string> = {
  platform: "downstream",
  tool: "tool",
  client: "caller",
  tenant: "tenant",
};

/**
 * The usage report since a time, from the audit log's call records (every call counts; the usage
 * first-party tools reported sits in the record's detail), priced with `prices`. One SQL query
 * in the dialect PostgreSQL and PGlite share.
 */
export async function costReport(
  db: Pick<Database, "query">,
  options: {
    since: number;
    by: CostGrouping;
    prices: Prices;
    until?: number;
    bucket?: keyof typeof BUCKET_MS;
    /** Only this tenant's calls (docs/tenants.md); absent: every call. */
    tenant?: string | undefined;
  },
): Promise<CostReport> {
  const until = options.until ?? Date.now();
  const rows = await db.query<{
    at: string | number;
    key: string | null;
    outcome: string;
    detail: string | null;
  }>(
    `SELECT at, ${COLUMN[options.by]} AS key, outcome, detail FROM agent_mesh_audit
     WHERE kind = 'call' AND at >= $1 AND at <= $2${options.tenant === undefined ? "" : " AND tenant = $3"} ORDER BY at`,
    options.tenant === undefined ? [options.since, until] : [options.since, until, options.tenant],
  );
  const groups = new Map<string, CostRow>();
  const days = new Map<string, { day: string; calls: number; errors: number; cost: number }>();
  const totals: Omit<CostRow, "key"> = { calls: 0, errors: 0, usage: {}, cost: 0, unpriced: 0 };
  const step = options.bucket ? BUCKET_MS[options.bucket] : undefined;
  const first = step ? Math.floor(options.since / step) : 0;
  const series = step
    ? Array.from({ length: Math.floor(until / step) - first + 1 }, (_, i) => ({
        start: new Date((first + i) * step).toISOString(),
        calls: 0,
        errors: 0,
        cost: 0,
      }))
    : undefined;
  for (const row of rows) {
    const key = row.key ?? "-";
    const group = groups.get(key) ?? { key, calls: 0, errors: 0, usage: {}, cost: 0, unpriced: 0 };
    groups.set(key, group);
    const day = new Date(Number(row.at)).toISOString().slice(0, 10);
    const daily = days.get(day) ?? { day, calls: 0, errors: 0, cost: 0 };
    days.set(day, daily);
    const failed = row.outcome !== "ok";
    const bucket = step ? series![Math.floor(Number(row.at) / step) - first] : undefined;
    for (const target of bucket ? [group, totals, daily, bucket] : [group, totals, daily]) {
      target.calls += 1;
      if (failed) target.errors += 1;
    }
    for (const usage of usagesOf(row.detail)) {
      const cost = costOf(usage, options.prices);
      for (const target of [group, totals]) {
        target.usage[usage.meter] = (target.usage[usage.meter] ?? 0) + usage.quantity;
        if (cost === undefined) target.unpriced += 1;
        else target.cost += cost;
      }
      if (cost !== undefined) {
        daily.cost += cost;
        if (bucket) bucket.cost += cost;
      }
    }
  }
  return {
    since: options.since,
    until,
    by: options.by,
    currency: options.prices.currency,
    prices_as_of: options.prices.as_of,
    list_prices: options.prices.list_prices,
    rows: [...groups.values()].sort((a, b) => b.cost - a.cost || b.calls - a.calls),
    totals,
    days: [...days.values()],
    ...(series ? { series } : {}),
  };
}

function usagesOf(detail: string | null): Usage[] {
  if (!detail) return [];
  try {
    const parsed = JSON.parse(detail) as { usage?: unknown };
    return Array.isArray(parsed?.usage) ? (parsed.usage as Usage[]) : [];
  } catch {
    return [];
  }
}
