import type { AuditRecord } from "../audit/record.js";
import type { RunView } from "../workflows/index.js";
import type { StatusSnapshot } from "./snapshot.js";

/** Table cells stay on one line and never close the table. */
function cell(value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  return String(value).replace(/\|/g, "\\|").replace(/\s+/g, " ").slice(0, 160);
}

/** A few lines an agent can act on: what is wrong, what waits, what runs, and what to do. */
export function statusSummary(status: StatusSnapshot): string[] {
  const ready = status.downstreams.filter((d) => d.state === "ready").length;
  const calls = status.downstreams.reduce((n, d) => n + d.calls_last_hour, 0);
  const errors = status.downstreams.reduce((n, d) => n + d.errors_last_hour, 0);
  const lines = [
    `agent-mesh is ${status.status}: ${ready} of ${status.downstreams.length} downstreams ready; ${calls} calls, ${errors} errors in the last hour.`,
  ];
  for (const d of status.downstreams) {
    if (d.state !== "ready") {
      lines.push(
        `- ${d.name} is ${d.state}${d.last_error ? `: ${d.last_error}` : ""}. Run \`agent-mesh doctor\` to see why and how to fix it.`,
      );
    } else if (d.not_configured?.length) {
      lines.push(`- ${d.name} is not configured: ${d.not_configured.join("; ")}.`);
    } else if (d.errors_last_hour > 0) {
      lines.push(
        `- ${d.name}: ${d.errors_last_hour} of ${d.calls_last_hour} calls failed in the last hour (see mesh://audit/recent).`,
      );
    }
  }
  for (const a of status.pending_approvals) {
    lines.push(
      `- Approval ${a.id} waits (${a.tool} by ${a.caller}): ${a.what}. An operator runs \`agent-mesh approvals approve ${a.id}\` (or deny).`,
    );
  }
  for (const r of status.running_runs) {
    lines.push(
      `- Run ${r.run_id} of ${r.workflow} is running (by ${r.caller}); mesh_workflow_get or mesh://runs/${r.run_id} shows its steps.`,
    );
  }
  return lines;
}

export function statusMarkdown(status: StatusSnapshot): string {
  const rows = status.downstreams.map(
    (d) =>
      `| ${d.name} | ${d.state} | ${d.tools} | ${d.latency_p50_ms ?? ""} | ${d.calls_last_hour} | ${d.errors_last_hour} | ${cell(d.last_error ?? d.not_configured?.join("; "))} |`,
  );
  const approvals = status.pending_approvals.map(
    (a) => `- \`${a.id}\` ${a.tool} by ${a.caller}: ${cell(a.what)} (until ${a.expires_at})`,
  );
  const runs = status.running_runs.map(
    (r) => `- \`${r.run_id}\` ${r.workflow} by ${r.caller}, since ${r.created_at}`,
  );
  return [
    `# agent-mesh: ${status.status}`,
    "",
    ...statusSummary(status).slice(0, 1),
    "",
    "| downstream | state | tools | p50 ms | calls 1h | errors 1h | last error |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `## Pending approvals (${approvals.length})`,
    ...(approvals.length > 0 ? approvals : ["none"]),
    "",
    `## Running workflow runs (${runs.length})`,
    ...(runs.length > 0 ? runs : ["none"]),
  ].join("\n");
}

export function runMarkdown(run: RunView): string {
  const steps = Object.entries(run.steps).map(
    ([id, s]) =>
      `| ${id} | ${s.status} | ${s.attempts ?? ""} | ${cell(s.error ? `${s.error.code}: ${s.error.message}` : s.approval_id ? `approval ${s.approval_id}` : s.output === undefined ? "" : JSON.stringify(s.output))} |`,
  );
  return [
    `# Run ${run.run_id}: ${run.workflow} ${run.status}`,
    "",
    `By ${run.caller}, started ${run.created_at}${run.updated_at ? `, updated ${run.updated_at}` : ""}.`,
    ...(run.error ? [`Failed at ${run.error.step}: ${run.error.code}: ${run.error.message}`] : []),
    "",
    "| step | status | attempts | output or error |",
    "| --- | --- | --- | --- |",
    ...steps,
  ].join("\n");
}

export function auditMarkdown(
  records: Array<
    Pick<AuditRecord, "seq" | "at" | "kind" | "caller" | "tool" | "outcome" | "duration_ms">
  >,
  scope: "operator" | "own",
): string {
  const rows = records.map(
    (r) =>
      `| ${r.seq} | ${new Date(r.at).toISOString()} | ${r.kind} | ${cell(r.caller)} | ${cell(r.tool)} | ${cell(r.outcome)} | ${r.duration_ms ?? ""} |`,
  );
  return [
    `# Recent audit records (${scope === "operator" ? "every caller" : "your calls"})`,
    "",
    "| seq | at | kind | caller | tool | outcome | ms |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
