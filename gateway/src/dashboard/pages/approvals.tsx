/** @jsxImportSource hono/jsx */
import type { PendingApproval } from "../../approvals/store.js";
import { BASE, type Viewer } from "../access.js";
import { Csrf, Json } from "../layout.js";

/** Pending approvals (what exactly will run), with approve/deny and a reason; then the decided. */
export function ApprovalsPage(props: {
  approvals: PendingApproval[];
  viewer: Viewer;
  notice?: string;
}) {
  const { viewer } = props;
  const pending = props.approvals.filter((a) => a.status === "pending").reverse();
  const decided = props.approvals.filter((a) => a.status !== "pending").reverse();
  return (
    <div>
      {props.notice ? (
        <p class="card" data-testid="notice">
          {props.notice}
        </p>
      ) : null}
      <h2>Pending ({pending.length})</h2>
      {pending.length === 0 ? <p class="muted">Nothing is waiting for an operator.</p> : null}
      {pending.map((a) => (
        <div class="card" data-approval={a.id}>
          <p>
            <strong>{a.what}</strong>
          </p>
          <p class="muted">
            {a.caller} wants {a.tool} on {a.downstream} · asked {a.created_at} · expires{" "}
            {a.expires_at}
          </p>
          <details open>
            <summary>Arguments (redacted)</summary>
            <Json value={a.args} />
          </details>
          {viewer.operator ? (
            <form method="post" action={`${BASE}/approvals/${a.id}`} class="row">
              <Csrf viewer={viewer} />
              <div>
                <label for={`reason-${a.id}`}>Reason</label>
                <input id={`reason-${a.id}`} type="text" name="reason" maxlength={500} />
              </div>
              <div class="shrink">
                <button type="submit" name="decision" value="approve">
                  Approve
                </button>{" "}
                <button type="submit" name="decision" value="deny" class="deny">
                  Deny
                </button>
              </div>
            </form>
          ) : (
            <p class="muted">Only operators can approve or deny.</p>
          )}
        </div>
      ))}
      <h2>Decided</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Id</th>
              <th>Status</th>
              <th>Call</th>
              <th>By</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((a) => (
              <tr data-decided={a.id}>
                <td>{a.id}</td>
                <td>
                  <span class={`badge ${a.status === "approved" ? "ok" : "bad"}`}>{a.status}</span>
                </td>
                <td>{a.what}</td>
                <td>{a.by ?? ""}</td>
                <td>{a.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
