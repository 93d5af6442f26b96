import { decideApproval } from "../../approvals/decide.js";
import { isOperatorCaller, operatorRoles } from "../../approvals/operator.js";
import type { Mesh } from "../../mesh.js";
import type { MeshTool } from "../../mesh-server/index.js";
import { APPROVALS_QUEUE_URI } from "../views/approvals-queue.js";
import { APPROVAL_SCHEMA, refused, result, shown } from "./result.js";

export const APPROVAL_DECIDE = "mesh_approval_decide";

/**
 * An operator's approve or deny of a pending request, as the dashboard's buttons and
 * `agent-mesh approvals approve|deny` do: decided once, recorded in the audit log with who
 * decided. The approvals queue view calls it; a model is not meant to (visibility: app), and no
 * caller can decide its own request.
 */
export function approvalDecideTool(mesh: Mesh): MeshTool {
  return {
    definition: {
      name: APPROVAL_DECIDE,
      title: "Approve or deny a request",
      description:
        "Approves or denies a pending approval request (operators only); the caller then repeats its call with the approval_id.",
      inputSchema: {
        type: "object",
        properties: {
          id: { type: "string", pattern: "^apr_[A-Za-z0-9_-]{1,32}$", description: "apr_..." },
          decision: { type: "string", enum: ["approve", "deny"] },
          reason: { type: "string", maxLength: 500 },
        },
        required: ["id", "decision"],
        additionalProperties: false,
      },
      outputSchema: {
        type: "object",
        properties: { approval: APPROVAL_SCHEMA },
        required: ["approval"],
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      _meta: { ui: { resourceUri: APPROVALS_QUEUE_URI, visibility: ["app"] } },
    },
    async call(args, { caller }) {
      const id = typeof args.id === "string" ? args.id : "";
      const decision =
        args.decision === "approve" ? "approved" : args.decision === "deny" ? "denied" : undefined;
      const reason =
        typeof args.reason === "string" && args.reason !== "" ? args.reason : undefined;
      if (!/^apr_[A-Za-z0-9_-]{1,32}$/.test(id) || !decision) {
        return refused(
          APPROVAL_DECIDE,
          "invalid_request",
          'give id (apr_...) and decision ("approve" or "deny")',
        );
      }
      if (!isOperatorCaller(mesh.config, caller)) {
        return refused(
          APPROVAL_DECIDE,
          "permission_denied",
          `${caller.id} is not an operator: deciding approvals needs one of the roles ${operatorRoles(mesh.config).join(", ")} (approvals.operator_roles), given to a client in gateway.clients`,
        );
      }
      const record = await mesh.approvals.get(id);
      // The model speaks on the same session: it must never approve its own call (on a
      // loopback gateway without tokens, every client is the one anonymous caller).
      if (record && record.caller === caller.id) {
        return refused(
          APPROVAL_DECIDE,
          "permission_denied",
          `${id} was asked by ${caller.id} itself, and a caller cannot decide its own request: decide it on the web dashboard, with \`agent-mesh approvals approve ${id}\`, or as another operator`,
        );
      }
      const decided = await decideApproval(mesh, id, decision, caller, reason);
      if (!decided.ok) return refused(APPROVAL_DECIDE, "conflict", decided.problem);
      const { record: done } = decided;
      const next =
        done.status === "approved"
          ? `${done.caller} can now repeat ${done.tool} with approval_id "${id}", once.`
          : `${done.tool} will not run for this request.`;
      return result(`${id} ${done.status} by ${done.by}${reason ? ` (${reason})` : ""}: ${next}`, {
        approval: shown(done),
      });
    },
  };
}
