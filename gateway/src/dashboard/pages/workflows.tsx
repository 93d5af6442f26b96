/** @jsxImportSource hono/jsx */
import type { WorkflowDefinition } from "../../workflows/config/schema.js";
import { paramsSchema } from "../../workflows/params.js";
import type { RunView } from "../../workflows/service.js";
import { BASE, type Viewer } from "../access.js";
import { duration } from "../charts.js";
import { Csrf } from "../layout.js";
import { type FieldSchema, SchemaFields } from "../schema-form.js";

export const RUN_BADGE: Record<string, string> = {
  succeeded: "ok",
  running: "warn",
  pending: "",
  failed: "bad",
  cancelled: "bad",
  skipped: "",
  not_run: "",
};

/**
 * A workflow's params as the form's schema: declared params by type; an object or array param
 * with no shape of its own takes JSON.
 */
export function paramsForm(definition: WorkflowDefinition): FieldSchema {
  const schema = paramsSchema(definition) as FieldSchema;
  for (const field of Object.values(schema.properties ?? {})) {
    if (field.type === "object") delete field.type;
  }
  return schema;
}

/** Whether a workflow declares no params and so takes any (the short form): one JSON field. */
export function takesAnyParams(definition: WorkflowDefinition): boolean {
  return (
    Object.keys(definition.params).length === 0 && definition.steps.every((s) => s.pass_params)
  );
}

/** The workflows mesh.yaml defines, a form to start each, and the latest runs (live). */
export function WorkflowsPage(props: {
  definitions: Record<string, WorkflowDefinition> | undefined;
  runs: RunView[];
  viewer: Viewer;
  problem?: { workflow: string; message: string };
}) {
  const { definitions, viewer } = props;
  if (!definitions) {
    return (
      <p class="card" data-testid="no-workflows">
        This mesh defines no workflows. Add a <code>workflows:</code> section to mesh.yaml (see
        docs/workflows.md); the engine starts with the gateway.
      </p>
    );
  }
  return (
    <div>
      <h2>Runs</h2>
      <RunList runs={props.runs} />
      <h2>Definitions</h2>
      {Object.entries(definitions).map(([name, definition]) => (
        <section class="card" data-workflow={name} id={`wf-${name}`}>
          <h2>
            {name}{" "}
            {definition.description ? <span class="muted">{definition.description}</span> : null}
          </h2>
          <div class="grid">
            <div>
              <strong>Params</strong>
              {Object.keys(definition.params).length === 0 ? (
                <p class="muted">
                  {takesAnyParams(definition)
                    ? "Any: each step gets the ones its tool takes."
                    : "None."}
                </p>
              ) : (
                <ul>
                  {Object.entries(definition.params).map(([key, p]) => (
                    <li>
                      <code>{key}</code> <span class="muted">{p.type}</span>
                      {p.default !== undefined ? (
                        <span class="muted"> = {JSON.stringify(p.default)}</span>
                      ) : p.required === false ? (
                        <span class="muted"> (optional)</span>
                      ) : (
                        <span class="muted"> (required)</span>
                      )}
                      {p.description ? <div class="muted">{p.description}</div> : null}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <strong>Steps</strong>
              <ol data-testid="steps">
                {definition.steps.map((s) => (
                  <li>
                    <code>{s.id}</code>{" "}
                    {s.tool ? (
                      <span class="muted">calls {s.tool}</span>
                    ) : (
                      <span class="badge warn">approval</span>
                    )}
                    {s.depends_on.length > 0 ? (
                      <span class="muted"> after {s.depends_on.join(", ")}</span>
                    ) : null}
                    {s.when ? <span class="muted"> when {s.when}</span> : null}
                    {s.until ? <span class="muted"> until {s.until}</span> : null}
                  </li>
                ))}
              </ol>
            </div>
          </div>
          {viewer.operator ? (
            <StartForm name={name} definition={definition} viewer={viewer} />
          ) : (
            <p class="muted">Starting a run needs the operator role.</p>
          )}
          {props.problem?.workflow === name ? (
            <p class="error" data-testid="start-problem">
              {props.problem.message}
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}

function StartForm(props: { name: string; definition: WorkflowDefinition; viewer: Viewer }) {
  const { name, definition } = props;
  return (
    <form method="post" action={`${BASE}/workflows/start`} data-testid={`start-${name}`}>
      <Csrf viewer={props.viewer} />
      <input type="hidden" name="workflow" value={name} />
      {takesAnyParams(definition) ? (
        <div>
          <label for={`p-${name}`}>
            params <span class="muted">JSON object, optional</span>
          </label>
          <textarea id={`p-${name}`} name="params_json" placeholder="{}"></textarea>
        </div>
      ) : (
        <SchemaFields schema={paramsForm(definition)} />
      )}
      <p>
        <button type="submit">Start {name}</button>
      </p>
    </form>
  );
}

/** The latest runs, refreshed every 2 seconds. */
export function RunList(props: { runs: RunView[] }) {
  return (
    <div
      id="runs-live"
      class="scroll"
      hx-get={`${BASE}/workflows/runs`}
      hx-trigger="every 2s"
      hx-swap="outerHTML"
    >
      {props.runs.length === 0 ? (
        <p class="muted" data-testid="runs">
          No runs yet.
        </p>
      ) : (
        <table data-testid="runs">
          <thead>
            <tr>
              <th>Run</th>
              <th>Workflow</th>
              <th>Status</th>
              <th>Caller</th>
              <th>Started (UTC)</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((run) => (
              <tr data-run={run.run_id}>
                <td>
                  <a href={`${BASE}/workflows/runs/${run.run_id}`}>
                    <code>{run.run_id}</code>
                  </a>
                </td>
                <td>{run.workflow}</td>
                <td>
                  <span class={`badge ${RUN_BADGE[run.status] ?? ""}`}>{run.status}</span>
                </td>
                <td>{run.caller}</td>
                <td>{run.created_at.slice(0, 19).replace("T", " ")}</td>
                <td>{runDuration(run)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A finished run's duration; a running one's so far. */
export function runDuration(run: RunView, now = Date.now()): string {
  const start = Date.parse(run.created_at);
  const end = run.status === "running" ? now : Date.parse(run.updated_at ?? run.created_at);
  return `${duration(Math.max(0, end - start))}${run.status === "running" ? " so far" : ""}`;
}
