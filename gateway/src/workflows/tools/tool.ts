import type { Caller } from "@agent-mesh/core";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { CallRequest } from "../../pipeline/context.js";
import type { WorkflowService } from "../service.js";

/** What following a run needs of the call: its signal, progress and the client's answers. */
export type FollowRequest = Pick<CallRequest, "signal" | "onProgress" | "clientRequests">;

/** One mesh_workflow_* tool: its listing and its handler. */
export interface WorkflowTool {
  definition: Tool;
  handle(
    service: WorkflowService,
    caller: Caller,
    args: Record<string, unknown>,
    /** The call as it came: its progress route, elicitation route and cancellation. */
    request?: FollowRequest,
  ): Promise<CallToolResult>;
}

export function ok(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

export const RUN_ID = {
  type: "string",
  description: "A run id from mesh_workflow_start or mesh_workflow_list",
};

export const runOutput: Tool["outputSchema"] & object = {
  type: "object",
  properties: {
    run_id: { type: "string" },
    workflow: { type: "string" },
    status: { type: "string", enum: ["running", "succeeded", "failed", "cancelled"] },
    caller: { type: "string" },
    params: { type: "object" },
    created_at: { type: "string" },
    steps: { type: "object", description: "Each step's status, output, error and attempts" },
  },
  required: ["run_id", "workflow", "status", "steps"],
};
