import { type Caller, envelopeResult, PlatformError, toEnvelope } from "@agent-mesh/core";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { WorkflowInputError } from "../params.js";
import type { WorkflowService } from "../service.js";
import { cancelTool } from "./cancel.js";
import { getTool } from "./get.js";
import { listTool } from "./list.js";
import { resumeTool } from "./resume.js";
import { startTool } from "./start.js";
import type { FollowRequest, WorkflowTool } from "./tool.js";

const TOOLS: WorkflowTool[] = [startTool, getTool, listTool, cancelTool, resumeTool];

/** The mesh_workflow_* tools, each with its handler (served by the `mesh` downstream). */
export function workflowToolList(): readonly WorkflowTool[] {
  return TOOLS;
}

export function workflowTools(): Tool[] {
  return TOOLS.map((t) => t.definition);
}

/** Answers a mesh_workflow_* call; bad input and unknown runs are invalid_request results. */
export async function callWorkflowTool(
  service: WorkflowService,
  caller: Caller,
  name: string,
  args: Record<string, unknown>,
  request?: FollowRequest,
): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.definition.name === name)!;
  try {
    return await tool.handle(service, caller, args, request);
  } catch (err) {
    if (!(err instanceof WorkflowInputError)) throw err;
    return envelopeResult(
      toEnvelope("mesh", name, new PlatformError("invalid_request", err.message)),
    );
  }
}
