import type { AppView } from "../page.js";

export const STATUS_VIEW_URI = "ui://agent-mesh/status";

/**
 * The mesh at a glance: every downstream's state, calls, errors, latency and last error, the
 * approvals waiting and the runs running, as mesh_status_get returns them for the caller.
 * Refreshed from mesh://status (or the tool, where the host cannot read resources).
 */
export const statusView: AppView = {
  uri: STATUS_VIEW_URI,
  name: "mesh-status-view",
  title: "agent-mesh status",
  description: "The mesh's health, approvals and runs (MCP Apps view)",
  script: `
const app = new McpApps.App({ name: "agent-mesh status", version: "0.1.0" }, {});
const STATE_CLASS = { ready: "ok", starting: "warn", degraded: "warn", down: "bad", failed: "bad", stopped: "muted" };
let timer;

const render = (status, error) => {
  if (error) return show("root", h("h1", {}, "agent-mesh"), h("p", { class: "bad", "data-testid": "error" }, error));
  const downstreams = status.downstreams ?? [];
  const approvals = status.approvals?.pending ?? [];
  const runs = status.runs?.running ?? [];
  show("root",
    h("h1", {}, "agent-mesh ",
      h("span", { class: "badge " + (status.status === "ok" ? "ok" : "warn"), "data-testid": "mesh-status" }, status.status ?? "")),
    h("p", { class: "muted" }, "As seen by " + (status.caller ?? "you") + " · " + when(status.at ?? new Date().toISOString())),
    h("table", { "data-testid": "downstreams" },
      h("tr", {}, ["Downstream", "State", "Calls (1 h)", "Errors (1 h)", "Latency p50", "Last error"].map((t) => h("th", {}, t))),
      downstreams.map((d) => h("tr", { "data-downstream": d.name },
        h("td", {}, d.name),
        h("td", {}, h("span", { class: "badge " + (STATE_CLASS[d.state] ?? "muted"), "data-testid": "state" }, d.state)),
        h("td", {}, String(d.calls_last_hour ?? 0)),
        h("td", { class: d.errors_last_hour ? "bad" : "" }, String(d.errors_last_hour ?? 0)),
        h("td", {}, d.latency_ms == null ? "–" : Math.round(d.latency_ms) + " ms"),
        h("td", { class: "bad" }, d.last_error ?? "")))),
    h("h2", {}, "Approvals waiting (" + approvals.length + ")"),
    approvals.length
      ? approvals.map((a) => h("div", { class: "card", "data-approval": a.id }, a.what ?? a.tool, h("div", { class: "muted" }, a.id)))
      : h("p", { class: "muted" }, "None."),
    h("h2", {}, "Runs running (" + runs.length + ")"),
    runs.length
      ? runs.map((r) => h("div", { class: "card", "data-run": r.run_id }, r.workflow + " · " + r.run_id, h("div", { class: "muted" }, "started " + when(r.created_at))))
      : h("p", { class: "muted" }, "None."));
};

const refresh = async () => {
  clearTimeout(timer);
  let outcome;
  try {
    const read = await app.readServerResource({ uri: "mesh://status" });
    const twin = read.contents.find((c) => c.mimeType === "application/json" && typeof c.text === "string");
    if (twin) outcome = { data: JSON.parse(twin.text) };
  } catch {
    // The host may not proxy resources/read: ask the tool instead.
  }
  outcome ??= resultData(await app.callServerTool({ name: "mesh_status_get", arguments: {} }));
  render(outcome.data, outcome.error);
  timer = setTimeout(refresh, 10000);
};

app.ontoolresult = (result) => {
  const { data, error } = resultData(result);
  render(data, error);
  clearTimeout(timer);
  timer = setTimeout(refresh, 10000);
};
app.onteardown = async () => { clearTimeout(timer); return {}; };
await connect(app);
`,
};
