/** @jsxImportSource hono/jsx */
import type { AuditRecord } from "../../audit/record.js";
import type { VerifyResult } from "../../audit/store.js";
import { BASE } from "../access.js";

export interface AuditFilters {
  since: string;
  client: string;
  tool: string;
  outcome: string;
}

/** Audit records filtered by time, client, tool and outcome, and whether the chain verifies. */
export function AuditPage(props: {
  filters: AuditFilters;
  records: AuditRecord[] | undefined;
  verify: VerifyResult | undefined;
  problem?: string;
}) {
  const { filters, records, verify } = props;
  return (
    <div>
      <p class="card" data-testid="chain">
        Chain:{" "}
        {verify === undefined ? (
          <span class="badge warn">audit log off</span>
        ) : verify.ok ? (
          <span class="badge ok">verified · {verify.records} records</span>
        ) : (
          <span class="badge bad">
            broken at #{verify.broken?.seq}: {verify.broken?.problem}
          </span>
        )}
      </p>
      <form method="get" action={`${BASE}/audit`} class="row card">
        <div>
          <label for="a-since">Since</label>
          <input id="a-since" type="datetime-local" name="since" value={filters.since} />
        </div>
        <div>
          <label for="a-client">Client</label>
          <input id="a-client" type="text" name="client" value={filters.client} />
        </div>
        <div>
          <label for="a-tool">Tool (glob)</label>
          <input id="a-tool" type="text" name="tool" value={filters.tool} />
        </div>
        <div>
          <label for="a-outcome">Outcome</label>
          <input
            id="a-outcome"
            type="text"
            name="outcome"
            value={filters.outcome}
            placeholder="ok, denied, …"
          />
        </div>
        <div class="shrink">
          <button type="submit">Filter</button>
        </div>
      </form>
      {props.problem ? <p class="error">{props.problem}</p> : null}
      <div class="scroll">
        <table data-testid="audit">
          <thead>
            <tr>
              <th>#</th>
              <th>When (UTC)</th>
              <th>Kind</th>
              <th>Client</th>
              <th>Tool</th>
              <th>Outcome</th>
              <th>ms</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {(records ?? [])
              .slice()
              .reverse()
              .map((r) => (
                <tr data-seq={r.seq}>
                  <td>{r.seq}</td>
                  <td>{new Date(r.at).toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>{r.kind}</td>
                  <td>{r.caller}</td>
                  <td>{r.tool ?? ""}</td>
                  <td>
                    <span
                      class={`badge ${r.outcome === "ok" || r.outcome === "approved" ? "ok" : "warn"}`}
                    >
                      {r.outcome}
                    </span>
                  </td>
                  <td>{r.duration_ms ?? ""}</td>
                  <td class="muted">
                    {r.arguments !== undefined ? JSON.stringify(r.arguments).slice(0, 200) : ""}
                    {r.rule ? ` rule ${r.rule}` : ""}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
