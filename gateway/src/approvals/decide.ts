import type { Caller } from "@agent-mesh/core";
import type { Mesh } from "../mesh.js";
import { readableTenant } from "../tenants/caller-tenant.js";
import type { PendingApproval } from "./store.js";

/**
 * An operator's decision on a pending approval, whichever way it came (the admin route the CLI
 * uses, or the dashboard): decided once in the shared state, and recorded in the audit log.
 */
export async function decideApproval(
  mesh: Mesh,
  id: string,
  decision: "approved" | "denied",
  caller: Caller,
  reason?: string,
): Promise<{ ok: true; record: PendingApproval } | { ok: false; problem: string }> {
  // Another tenant's request is, to this caller, unknown: its existence is not revealed.
  const tenant = readableTenant(caller);
  if (tenant !== undefined && (await mesh.approvals.get(id))?.tenant !== tenant) {
    return { ok: false, problem: `no approval request ${id} (unknown or expired)` };
  }
  const decided = await mesh.approvals.decide(id, decision, caller.name, reason);
  if (!decided.ok) return decided;
  mesh.audit?.event({
    kind: "approval",
    caller: caller.id,
    tenant: decided.record.tenant,
    address: caller.address,
    tool: decided.record.tool,
    downstream: decided.record.downstream,
    outcome: decided.record.status,
    approval: { id, by: caller.name, ...(reason ? { reason } : {}) },
  });
  return decided;
}
