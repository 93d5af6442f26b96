import type { AppView } from "../page.js";

export const APPROVALS_QUEUE_URI = "ui://agent-mesh/approvals";

/**
 * The approvals queue: destructive calls waiting for an operator, each with approve and deny
 * buttons that call mesh_approval_decide through the host (so as the signed-in caller, through
 * policy and audit). A viewer sees the queue with the buttons disabled.
 */
export const approvalsQueue: AppView = {
  uri: APPROVALS_QUEUE_URI,
  name: "mesh-approvals",
  title: "agent-mesh approvals",
  description: "The approvals queue, with approve and deny buttons (MCP Apps view)",
  script: `
const app = new McpApps.App({ name: "agent-mesh approvals", version: "0.1.0" }, {});
let notice;

const render = (queue) => {
  const { data, error } = resultData(queue);
  if (error) return show("root", h("h1", {}, "Approvals"), h("p", { class: "bad", "data-testid": "error" }, error));
  const pending = data.approvals.filter((a) => a.status === "pending");
  const decided = data.approvals.filter((a) => a.status !== "pending");
  const who = h("p", { class: "muted", "data-testid": "who" },
    data.operator
      ? "You decide as " + data.caller + " (operator)."
      : "Signed in as " + data.caller + " (viewer): deciding needs an operator.");
  const card = (a) => {
    const reason = h("input", { type: "text", id: "reason-" + a.id, placeholder: "reason (optional)", "aria-label": "reason" });
    const decide = (decision) => async (event) => {
      for (const b of event.target.parentElement.querySelectorAll("button")) b.disabled = true;
      const outcome = await app
        .callServerTool({
          name: "mesh_approval_decide",
          arguments: { id: a.id, decision, ...(reason.value ? { reason: reason.value } : {}) },
        })
        .then(resultData, (err) => ({ error: "The host did not pass the decision on: " + (err?.message ?? err) }));
      notice = outcome.error
        ? h("div", { class: "notice bad", "data-testid": "notice", "data-outcome": "refused" }, outcome.error)
        : h("div", { class: "notice ok", "data-testid": "notice", "data-outcome": outcome.data.approval.status },
            a.id + " " + outcome.data.approval.status + " by " + outcome.data.approval.by +
            ": the caller can now repeat the call with approval_id " + a.id + ".");
      await refresh();
    };
    return h("div", { class: "card", "data-approval": a.id },
      h("div", {}, a.what),
      h("div", { class: "muted" }, a.tool + " on " + a.downstream + " · asked by " + a.caller + " · " + when(a.created_at) + " · expires " + when(a.expires_at)),
      h("pre", {}, json(a.args)),
      h("div", { class: "row" },
        reason,
        h("button", { class: "approve", value: "approve", disabled: !data.operator, onclick: decide("approve") }, "Approve"),
        h("button", { class: "deny", value: "deny", disabled: !data.operator, onclick: decide("deny") }, "Deny")));
  };
  show("root",
    h("h1", {}, "Approvals ", h("span", { class: "badge warn", "data-testid": "pending-count" }, pending.length + " pending")),
    who,
    notice,
    pending.length ? pending.map(card) : h("p", { class: "muted", "data-testid": "empty" }, "Nothing is waiting for an operator."),
    decided.length ? h("h2", {}, "Decided") : null,
    decided.length
      ? h("table", {}, h("tr", {}, h("th", {}, "Request"), h("th", {}, "Decision"), h("th", {}, "By"), h("th", {}, "Reason")),
          decided.map((a) => h("tr", { "data-decided": a.id },
            h("td", {}, a.what),
            h("td", { class: a.status === "approved" ? "ok" : "bad" }, a.status),
            h("td", {}, a.by ?? ""),
            h("td", {}, a.reason ?? ""))))
      : null);
};

const refresh = async () =>
  render(await app.callServerTool({ name: "mesh_approvals_list", arguments: {} }).catch((err) => ({
    isError: true,
    content: [{ type: "text", text: "The host did not pass the request on: " + (err?.message ?? err) }],
  })));

let shown = false;
app.ontoolresult = (result) => { shown = true; render(result); };
await connect(app);
// Opened from another tool's result, or before the result arrives: ask for the queue itself.
if (!shown) await refresh();
`,
};
