/** @jsxImportSource hono/jsx */
import type { Mesh } from "../../mesh.js";
import { BASE, type Viewer } from "../access.js";
import type { Rate } from "../rates.js";

const STATE_BADGE: Record<string, string> = {
  ready: "ok",
  starting: "warn",
  restarting: "warn",
  down: "bad",
  stopped: "bad",
};

/** The live part of the overview, polled every 2 seconds by htmx (no full reload). */
export function OverviewLive(props: { mesh: Mesh; rates: Map<string, Rate>; viewer: Viewer }) {
  const { mesh, rates, viewer } = props;
  const health = mesh.health();
  // A tenant's viewer sees its tenant's downstreams and tools, nobody else's.
  const { supervisor } = mesh.scope(viewer.caller);
  const downstreams = supervisor.list();
  const tools = supervisor.catalog.tools.size;
  return (
    <div
      id="overview-live"
      hx-get={`${BASE}/overview/live`}
      hx-trigger="every 2s"
      hx-swap="outerHTML"
    >
      <div class="grid">
        <div class="card">
          <div class="muted">Mesh</div>
          <div>
            <span
              class={`badge ${health.status === "ok" ? "ok" : "warn"}`}
              data-testid="mesh-status"
            >
              {health.status}
            </span>
          </div>
        </div>
        <div class="card">
          <div class="muted">Tools</div>
          <strong>{tools}</strong>
        </div>
        <div class="card">
          <div class="muted">Sessions</div>
          <strong>{health.sessions}</strong>
        </div>
        <div class="card">
          <div class="muted">Shared state</div>
          <span class={`badge ${health.state.ok ? "ok" : "bad"}`}>{health.state.kind}</span>
        </div>
      </div>
      <div class="scroll">
        <table data-testid="downstreams">
          <thead>
            <tr>
              <th>Downstream</th>
              <th>State</th>
              <th>Tools</th>
              <th>Restarts</th>
              <th>p50 / p99</th>
              <th>Calls/min</th>
              <th>Error rate</th>
              <th>Calls (errors)</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {downstreams.map((d) => {
              const h = d.health();
              const rate = rates.get(d.name);
              return (
                <tr data-downstream={d.name}>
                  <td>
                    <strong>{d.name}</strong>
                    <div class="muted">{h.kind}</div>
                  </td>
                  <td>
                    <span class={`badge ${STATE_BADGE[h.state] ?? "warn"}`} data-testid="state">
                      {h.state}
                    </span>
                  </td>
                  <td>{h.tools}</td>
                  <td>{h.restarts}</td>
                  <td>
                    {ms(h.latency.p50_ms)} / {ms(h.latency.p99_ms)}
                  </td>
                  <td>{rate?.calls_per_min ?? "–"}</td>
                  <td>
                    {rate?.error_rate == null ? "–" : `${(rate.error_rate * 100).toFixed(1)}%`}
                  </td>
                  <td>
                    {rate?.total_calls ?? 0} ({rate?.total_errors ?? 0})
                  </td>
                  <td class="muted">{h.last_error ?? "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ms(value: number | null): string {
  return value === null ? "–" : `${value} ms`;
}
