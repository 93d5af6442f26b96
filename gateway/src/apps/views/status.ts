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
const STATE_CLASS = { ready: "ok", starting: "warn", restarting: "warn", down: "bad", stopped: "muted" };
let timer;

const render = (status, error) => {
  if (error) return show("root", h("h1", {}, "agent-mesh"), h("p", { class: "bad", "data-testid": "error" }, error));
  const downstreams = status.downstreams ?? [];
  const approvals = status.pending_approvals ?? [];
  const runs = status.running_runs ?? [];
  show("root",
    h("h1", {}, "agent-mesh ",
      h("span", { class: "badge " + (status.status === "ok" ? "ok" : "warn"), "data-testid": "mesh-status" }, status.status ?? "")),
    h("p", { class: "muted" }, (status.scope === "operator" ? "Everything (operator view)" : "What you may see") + " · " + new Date().toLocaleTimeString()),
    (status.summary ?? []).length ? h("ul", { "data-testid": "summary" }, status.summary.map((line) => h("li", {}, line))) : null,
    h("table", { "data-testid": "downstreams" },
      h("tr", {}, ["Downstream", "State", "Tools", "Calls (1 h)", "Errors (1 h)", "p50", "Last error"].map((t) => h("th", {}, t))),
      downstreams.map((d) => h("tr", { "data-downstream": d.name },
        h("td", {}, d.name, h("div", { class: "muted" }, d.kind ?? "")),
        h("td", {}, h("span", { class: "badge " + (STATE_CLASS[d.state] ?? "muted"), "data-testid": "state" }, d.state)),
        h("td", {}, String(d.tools ?? "")),
        h("td", {}, String(d.calls_last_hour ?? 0)),
        h("td", { class: d.errors_last_hour ? "bad" : "" }, String(d.errors_last_hour ?? 0)),
        h("td", {}, d.latency_p50_ms == null ? "–" : Math.round(d.latency_p50_ms) + " ms"),
        h("td", { class: "bad" }, d.last_error ?? (d.not_configured ? "not configured: " + d.not_configured.join(", ") : ""))))),
    h("h2", {}, "Approvals waiting (" + approvals.length + ")"),
    approvals.length
      ? approvals.map((a) => h("div", { class: "card", "data-approval": a.id }, a.what, h("div", { class: "muted" }, a.id + " · expires " + when(a.expires_at))))
      : h("p", { class: "muted" }, "None."),
    h("h2", {}, "Workflow runs running (" + runs.length + ")"),
    runs.length
      ? runs.map((r) => h("div", { class: "card", "data-run": r.run_id }, r.workflow + " · " + r.run_id, h("div", { class: "muted" }, "started " + when(r.created_at) + " by " + r.caller)))
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
  outcome ??= await app
    .callServerTool({ name: "mesh_status_get", arguments: {} })
    .then(resultData, (err) => ({ error: "The host did not pass the request on: " + (err?.message ?? err) }));
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
