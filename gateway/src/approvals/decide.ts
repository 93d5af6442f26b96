import type { Caller } from "@agent-mesh/core";
import type { Mesh } from "../mesh.js";
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
  const decided = await mesh.approvals.decide(id, decision, caller.name, reason);
  if (!decided.ok) return decided;
  mesh.audit?.event({
    kind: "approval",
    caller: caller.id,
    address: caller.address,
    tool: decided.record.tool,
    downstream: decided.record.downstream,
    outcome: decided.record.status,
    approval: { id, by: caller.name, ...(reason ? { reason } : {}) },
  });
  return decided;
}
