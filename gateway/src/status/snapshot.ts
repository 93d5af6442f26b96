import type { Caller } from "@agent-mesh/core";
import type { ApprovalStore } from "../approvals/store.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Catalog } from "../catalog/catalog.js";
import type { MeshConfig } from "../config/schema.js";
import type { Downstream } from "../downstream/downstream.js";
import type { RecentCalls } from "../metrics/index.js";
import type { Policy } from "../policy/policy.js";
import type { RunView, WorkflowService } from "../workflows/index.js";

/** What the status reads of the running mesh (the Mesh itself, seen through this). */
export interface StatusSource {
  readonly catalog: Catalog;
  readonly config: MeshConfig | undefined;
  readonly policy: Policy | undefined;
  readonly approvals: ApprovalStore;
  readonly workflows: WorkflowService | undefined;
  readonly audit: AuditLog | undefined;
  readonly metrics: { readonly recent: RecentCalls };
  list(): Downstream[];
  toolVisible(caller: Caller, name: string): boolean;
  health(): { state: { ok: boolean }; database?: { ok: boolean } };
}

export interface DownstreamStatus {
  name: string;
  kind: string;
  state: string;
  last_error?: string;
  not_configured?: string[];
  tools: number;
  latency_p50_ms: number | null;
  latency_p99_ms: number | null;
  calls_last_hour: number;
  errors_last_hour: number;
}

export interface ApprovalStatus {
  id: string;
  tool: string;
  caller: string;
  what: string;
  expires_at: string;
}

export interface RunStatusLine {
  run_id: string;
  workflow: string;
  caller: string;
  created_at: string;
}

/** mesh://status as JSON: what this caller may see of the mesh now. */
export interface StatusSnapshot {
  status: "ok" | "degraded";
  downstreams: DownstreamStatus[];
  pending_approvals: ApprovalStatus[];
  running_runs: RunStatusLine[];
  /** Whether the caller sees every downstream, approval and run (an operator), or its own. */
  scope: "operator" | "own";
}

/** Operators (approvals.operator_roles, admin, the CLI) see everything; others their own. */
export function isOperator(source: StatusSource, caller: Caller): boolean {
  if (caller.kind === "cli") return true;
  const roles = source.config?.approvals.operator_roles ?? ["operator", "admin"];
  return caller.roles.some((role) => role === "admin" || roles.includes(role));
}

/** The caller as the workflow service should see it: an operator sees every run. */
export function runViewer(source: StatusSource, caller: Caller): Caller {
  return isOperator(source, caller) && !caller.roles.includes("admin")
    ? { ...caller, roles: [...caller.roles, "admin"] }
    : caller;
}

/**
 * Whether the caller sees a downstream: without a policy, every one; with one, those with a tool
 * the policy may let it call (a denied server's name, errors and counts stay hidden).
 */
export function downstreamVisible(
  source: StatusSource,
  caller: Caller,
  downstream: Downstream,
): boolean {
  if (!source.policy || isOperator(source, caller)) return true;
  for (const [name, entry] of source.catalog.tools) {
    if (entry.downstream === downstream && source.toolVisible(caller, name)) return true;
  }
  return false;
}

export async function statusSnapshot(
  source: StatusSource,
  caller: Caller,
): Promise<StatusSnapshot> {
  const operator = isOperator(source, caller);
  const downstreams = source
    .list()
    .filter((d) => downstreamVisible(source, caller, d))
    .map((d): DownstreamStatus => {
      const { p50_ms, p99_ms } = d.latency.summary();
      const hour = source.metrics.recent.lastHour(d.name);
      return {
        name: d.name,
        kind: d.spec.kind,
        state: d.state,
        ...(d.lastError ? { last_error: d.lastError } : {}),
        ...(d.spec.configProblems?.length ? { not_configured: d.spec.configProblems } : {}),
        tools: d.listing.tools.length,
        latency_p50_ms: p50_ms,
        latency_p99_ms: p99_ms,
        calls_last_hour: hour.calls,
        errors_last_hour: hour.errors,
      };
    });
  const approvals = (await source.approvals.list())
    .filter((a) => a.status === "pending" && (operator || a.caller === caller.id))
    .map(({ id, tool, caller: by, what, expires_at }) => ({
      id,
      tool,
      caller: by,
      what,
      expires_at,
    }));
  const runs: RunView[] = source.workflows
    ? await source.workflows.list({
        caller: runViewer(source, caller),
        status: "running",
        limit: 20,
      })
    : [];
  // Degraded by what this caller sees: a hidden server that is down is not its business.
  const health = source.health();
  const healthy = health.state.ok && (health.database?.ok ?? true);
  return {
    status: healthy && downstreams.every((d) => d.state === "ready") ? "ok" : "degraded",
    downstreams,
    pending_approvals: approvals,
    running_runs: runs.map(({ run_id, workflow, caller: by, created_at }) => ({
      run_id,
      workflow,
      caller: by,
      created_at,
    })),
    scope: operator ? "operator" : "own",
  };
}
