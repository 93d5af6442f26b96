/** @jsxImportSource hono/jsx */
import type { CostReport } from "../../costs/index.js";
import { BASE } from "../access.js";
import { BarChart } from "../charts.js";

/** Minutes the overview's chart shows. */
export const CHART_MINUTES = 30;

/**
 * Calls per minute over the last half hour, every platform together, errors in red: read from
 * the audit log (so it includes minutes no one had the dashboard open), refreshed every 30 s.
 */
export function CallsChart(props: { report: CostReport | undefined }) {
  const { report } = props;
  return (
    <div
      id="calls-chart"
      class="card"
      hx-get={`${BASE}/overview/chart`}
      hx-trigger="every 30s"
      hx-swap="outerHTML"
    >
      {report ? (
        <BarChart
          testid="calls-chart"
          label={`calls per minute, last ${CHART_MINUTES} minutes (UTC)`}
          bars={(report.series ?? []).map((b) => ({
            label: b.start.slice(11, 16),
            value: b.calls,
            part: b.errors,
            title: `${b.start.slice(11, 16)} UTC: ${b.calls} calls, ${b.errors} errors`,
          }))}
        />
      ) : (
        <p class="muted">
          Calls per minute come from the audit log, which is off (audit.enabled: false).
        </p>
      )}
    </div>
  );
}
