import type { AppView } from "../page.js";

export const RUN_TIMELINE_URI = "ui://agent-mesh/run";

/**
 * A workflow run's live timeline: each step's state, attempts, output and error, refreshed while
 * the run is running (from mesh://runs/{run_id}, or mesh_workflow_get where the host cannot read
 * resources). Opened by mesh_workflow_start and mesh_workflow_get.
 */
export const runTimeline: AppView = {
  uri: RUN_TIMELINE_URI,
  name: "mesh-run",
  title: "agent-mesh workflow run",
  description: "A workflow run's live timeline (MCP Apps view)",
  script: `
const app = new McpApps.App({ name: "agent-mesh run", version: "0.1.0" }, {});
const STATUS_CLASS = { succeeded: "ok", failed: "bad", cancelled: "bad", running: "warn", pending: "warn" };
let runId;
let timer;

const render = (run, error) => {
  if (error) return show("root", h("h1", {}, "Workflow run"), h("p", { class: "bad", "data-testid": "error" }, error));
  const steps = Object.entries(run.steps ?? {});
  show("root",
    h("h1", {}, "Run of " + run.workflow + " ",
      h("span", { class: "badge " + (STATUS_CLASS[run.status] ?? "muted"), "data-testid": "run-status" }, run.status)),
    h("p", { class: "muted" }, run.run_id + " · started " + when(run.created_at) + " by " + (run.caller ?? "") +
      (run.updated_at ? " · updated " + when(run.updated_at) : "")),
    run.error ? h("p", { class: "bad" }, "Step " + run.error.step + " failed (" + run.error.code + "): " + run.error.message) : null,
    h("ol", { class: "timeline", "data-testid": "timeline" },
      steps.map(([id, step]) => h("li", { class: step.status, "data-step": id },
        h("strong", {}, id), " ",
        h("span", { class: "badge " + (STATUS_CLASS[step.status] ?? "muted"), "data-testid": "step-status" }, step.status),
        step.compensation ? h("span", { class: "muted" }, " compensation") : null,
        step.attempts > 1 ? h("span", { class: "muted" }, " · " + step.attempts + " attempts") : null,
        step.approval_id ? h("div", { class: "warn" }, "Waiting for approval " + step.approval_id) : null,
        step.error ? h("div", { class: "bad" }, step.error.code + ": " + step.error.message) : null,
        step.output !== undefined ? h("pre", {}, json(step.output)) : null))));
};

const readRun = async () => {
  try {
    const read = await app.readServerResource({ uri: "mesh://runs/" + encodeURIComponent(runId) });
    const twin = read.contents.find((c) => c.mimeType === "application/json" && typeof c.text === "string");
    if (twin) return { data: JSON.parse(twin.text) };
  } catch {
    // The host may not proxy resources/read: ask the tool instead.
  }
  return app
    .callServerTool({ name: "mesh_workflow_get", arguments: { run_id: runId } })
    .then(resultData, (err) => ({ error: "The host did not pass the request on: " + (err?.message ?? err) }));
};

const follow = async () => {
  clearTimeout(timer);
  const { data, error } = await readRun();
  render(data, error);
  if (!error && data.status === "running") timer = setTimeout(follow, 2000);
};

app.ontoolinput = ({ arguments: args }) => {
  if (typeof args?.run_id === "string") runId = args.run_id;
};
app.ontoolresult = (result) => {
  const { data, error } = resultData(result);
  if (error) return render(undefined, error);
  runId = data.run_id;
  if (data.steps) render(data);
  follow();
};
app.onteardown = async () => { clearTimeout(timer); return {}; };
await connect(app);
if (runId) follow();
`,
};
