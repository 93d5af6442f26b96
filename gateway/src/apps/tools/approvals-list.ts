import { isOperatorCaller } from "../../approvals/operator.js";
import type { Mesh } from "../../mesh.js";
import type { MeshTool } from "../../mesh-server/index.js";
import { APPROVALS_QUEUE_URI } from "../views/approvals-queue.js";
import { APPROVAL_SCHEMA, result, shown } from "./result.js";

export const APPROVALS_LIST = "mesh_approvals_list";

/**
 * The approvals queue: an operator sees every request not yet expired, anyone else only its own.
 * Hosts with MCP Apps render it with approve and deny buttons.
 */
export function approvalsListTool(mesh: Mesh): MeshTool {
  return {
    definition: {
      name: APPROVALS_LIST,
      title: "List approval requests",
      description:
        "Destructive calls waiting for an operator's approval, and recent decisions (an operator sees all, others their own).",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      outputSchema: {
        type: "object",
        properties: {
          caller: { type: "string" },
          operator: { type: "boolean" },
          approvals: { type: "array", items: APPROVAL_SCHEMA },
        },
        required: ["caller", "operator", "approvals"],
      },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      _meta: { ui: { resourceUri: APPROVALS_QUEUE_URI } },
    },
    async call(_args, { caller }) {
      const operator = isOperatorCaller(mesh.config, caller);
      const approvals = (await mesh.approvals.list())
        .filter((a) => operator || a.caller === caller.id)
        .reverse();
      const pending = approvals.filter((a) => a.status === "pending");
      const lines = pending.map((a) => `- ${a.id}: ${a.what} (expires ${a.expires_at})`);
      const text = pending.length
        ? `${pending.length} waiting for an operator:\n${lines.join("\n")}`
        : "Nothing is waiting for an operator.";
      return result(text, { caller: caller.id, operator, approvals: approvals.map(shown) });
    },
  };
}
