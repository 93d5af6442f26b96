/** @jsxImportSource hono/jsx */
import type { RunView } from "../../workflows/service.js";
import { BASE, type Viewer } from "../access.js";
import { duration, type Span, Timeline } from "../charts.js";
import { Csrf, Json } from "../layout.js";
import { RUN_BADGE, runDuration } from "./workflows.js";

/** One run: its params, a cancel button while it runs, and its steps (live). */
export function RunPage(props: { run: RunView; viewer: Viewer; problem?: string }) {
  const { run, viewer } = props;
  return (
    <div>
      <p>
        <a href={`${BASE}/workflows`}>← Workflows</a>
      </p>
      {props.problem ? (
        <p class="error card" data-testid="run-problem">
          {props.problem}
        </p>
      ) : null}
      <RunLive run={run} viewer={viewer} />
      <h2>Params</h2>
      <Json value={run.params} testid="params" />
    </div>
  );
}

/**
 * The run's status and steps on a timeline, with each step's state, duration, output and
 * error. htmx polls it every second while the run runs; a finished run's fragment stops polling.
 */
export function RunLive(props: { run: RunView; viewer: Viewer; now?: number }) {
  const { run, viewer } = props;
  const now = props.now ?? Date.now();
  const running = run.status === "running";
  const steps = Object.entries(run.steps);
  const from = Date.parse(run.created_at);
  const to = running ? now : Math.max(Date.parse(run.updated_at ?? run.created_at), from + 1);
  const spans: Span[] = steps.map(([id, s]) => {
    const start = s.started_at ? Date.parse(s.started_at) : undefined;
    const end = s.finished_at ? Date.parse(s.finished_at) : undefined;
    return {
      label: id,
      state: s.status,
      // A step that runs but has no call finished yet is drawn up to now.
      ...(start !== undefined ? { start } : s.status === "running" ? { start: from } : {}),
      ...(end !== undefined ? { end } : s.status === "running" ? { end: now } : {}),
      title: `${id}: ${s.status}${start !== undefined && end !== undefined ? `, ${duration(end - start)}` : ""}`,
    };
  });
  return (
    <div
      id="run-live"
      data-testid="run"
      data-status={run.status}
      {...(running
        ? {
            "hx-get": `${BASE}/workflows/runs/${run.run_id}/live`,
            "hx-trigger": "every 1s",
            "hx-swap": "outerHTML",
          }
        : {})}
    >
      <div class="card row center">
        <div>
          <div class="muted">Run</div>
          <code>{run.run_id}</code>
        </div>
        <div>
          <div class="muted">Workflow</div>
          <a href={`${BASE}/workflows#wf-${run.workflow}`}>{run.workflow}</a>
        </div>
        <div>
          <div class="muted">Status</div>
          <span class={`badge ${RUN_BADGE[run.status] ?? ""}`} data-testid="run-status">
            {run.status}
          </span>
        </div>
        <div>
          <div class="muted">Caller</div>
          {run.caller}
        </div>
        <div>
          <div class="muted">Started (UTC)</div>
          {run.created_at.slice(0, 19).replace("T", " ")}
        </div>
        <div>
          <div class="muted">Duration</div>
          {runDuration(run, now)}
        </div>
        {running && viewer.operator ? (
          <form
            method="post"
            action={`${BASE}/workflows/runs/${run.run_id}/cancel`}
            class="shrink"
            data-testid="cancel-form"
          >
            <Csrf viewer={viewer} />
            <button type="submit" class="deny">
              Cancel run
            </button>
          </form>
        ) : null}
      </div>
      {run.error ? (
        <p class="error" data-testid="run-error">
          Step {run.error.step} failed: {run.error.code}: {run.error.message}
        </p>
      ) : null}
      <Timeline spans={spans} from={from} to={to} testid="timeline" />
      <div class="scroll">
        <table data-testid="steps">
          <thead>
            <tr>
              <th>Step</th>
              <th>State</th>
              <th>Duration</th>
              <th>Output or error</th>
            </tr>
          </thead>
          <tbody>
            {steps.map(([id, s]) => (
              <tr data-step={id} data-state={s.status}>
                <td>
                  <code>{id}</code>
                  {s.compensation ? <div class="badge warn">compensation</div> : null}
                </td>
                <td>
                  <span class={`badge ${RUN_BADGE[s.status] ?? ""}`}>{s.status}</span>
                  {s.attempts && s.attempts > 1 ? (
                    <div class="muted">{s.attempts} attempts</div>
                  ) : null}
                  {s.approval_id ? <div class="muted">approval {s.approval_id}</div> : null}
                </td>
                <td>
                  {s.started_at && s.finished_at
                    ? duration(Date.parse(s.finished_at) - Date.parse(s.started_at))
                    : "–"}
                </td>
                <td>
                  {s.error ? (
                    <p class="error">
                      {s.error.code}: {s.error.message}
                    </p>
                  ) : null}
                  {s.output !== undefined ? (
                    <details>
                      <summary>output</summary>
                      <Json value={s.output} />
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
