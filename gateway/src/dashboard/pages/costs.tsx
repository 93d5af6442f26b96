/** @jsxImportSource hono/jsx */
import type { CostGrouping, CostReport, CostRow } from "../../costs/index.js";
import { BASE } from "../access.js";
import { type Bar, BarChart } from "../charts.js";

export const SINCE_CHOICES = ["1h", "24h", "7d", "30d"] as const;
export const GROUPINGS: readonly CostGrouping[] = ["platform", "tool", "client"];

/** The usage report: calls, errors, reported usage and cost per group, and a chart over time. */
export function CostsPage(props: {
  since: string;
  by: CostGrouping;
  report: CostReport | undefined;
  problem?: string;
}) {
  const { report } = props;
  return (
    <div>
      <form method="get" action={`${BASE}/costs`} class="row card">
        <div>
          <label for="c-since">Since</label>
          <select id="c-since" name="since">
            {[...new Set([...SINCE_CHOICES, props.since])].map((s) => (
              <option value={s} selected={s === props.since}>
                last {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="c-by">By</label>
          <select id="c-by" name="by">
            {GROUPINGS.map((g) => (
              <option value={g} selected={g === props.by}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <div class="shrink">
          <button type="submit">Show</button>
        </div>
      </form>
      {props.problem ? <p class="error">{props.problem}</p> : null}
      {report ? <Report report={report} /> : null}
    </div>
  );
}

function Report(props: { report: CostReport }) {
  const { report } = props;
  const meters = [...new Set(report.rows.flatMap((row) => Object.keys(row.usage)))].sort();
  const money = (n: number) => `${report.currency === "USD" ? "$" : ""}${n.toFixed(4)}`;
  const hourly = (report.series?.length ?? 0) > 0 && report.until - report.since <= 2 * 86_400_000;
  const bars: Bar[] = (report.series ?? []).map((b) => {
    const label = hourly ? `${b.start.slice(11, 13)}h` : b.start.slice(5, 10);
    return {
      label,
      value: b.calls,
      part: b.errors,
      line: b.cost,
      title: `${b.start.slice(0, 16).replace("T", " ")} UTC: ${b.calls} calls, ${b.errors} errors, ${money(b.cost)}`,
    };
  });
  const cells = (row: Omit<CostRow, "key">) => (
    <>
      <td>{row.calls}</td>
      <td>{row.errors}</td>
      {meters.map((m) => (
        <td>{row.usage[m] ?? 0}</td>
      ))}
      <td>
        {money(row.cost)}
        {row.unpriced > 0 ? <span class="muted"> (+{row.unpriced} unpriced)</span> : null}
      </td>
    </>
  );
  return (
    <div>
      <div class="grid">
        <div class="card">
          <div class="muted">Calls</div>
          <strong data-testid="total-calls">{report.totals.calls}</strong>
        </div>
        <div class="card">
          <div class="muted">Errors</div>
          <strong>{report.totals.errors}</strong>
        </div>
        <div class="card">
          <div class="muted">Cost ({report.currency})</div>
          <strong data-testid="total-cost">{money(report.totals.cost)}</strong>
        </div>
        <div class="card">
          <div class="muted">Prices</div>
          {report.list_prices
            ? `list prices as of ${report.prices_as_of}`
            : `costs.prices in mesh.yaml (${report.prices_as_of})`}
        </div>
      </div>
      <div class="card">
        <BarChart
          bars={bars}
          testid="cost-chart"
          label={`calls per ${hourly ? "hour" : "day"} (UTC)`}
          lineLabel={`cost (${report.currency})`}
          formatLine={(n) => n.toFixed(n >= 1 ? 2 : 4)}
        />
      </div>
      <div class="scroll">
        <table data-testid="costs">
          <thead>
            <tr>
              <th>{report.by}</th>
              <th>Calls</th>
              <th>Errors</th>
              {meters.map((m) => (
                <th>{m}</th>
              ))}
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.length === 0 ? (
              <tr>
                <td colspan={4 + meters.length} class="muted">
                  No calls in this period.
                </td>
              </tr>
            ) : null}
            {report.rows.map((row) => (
              <tr data-cost-row={row.key}>
                <td>
                  <strong>{row.key}</strong>
                </td>
                {cells(row)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-cost-row="total">
              <th>Total</th>
              {cells(report.totals)}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
