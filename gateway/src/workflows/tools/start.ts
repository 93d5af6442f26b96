import { RUN_TIMELINE_URI } from "../../apps/views/run-timeline.js";
import { followRun } from "./follow.js";
import type { WorkflowTool } from "./tool.js";
import { ok } from "./tool.js";

export const startTool: WorkflowTool = {
  definition: {
    name: "mesh_workflow_start",
    title: "Start a workflow",
    description:
      "Starts a durable run of a workflow defined in mesh.yaml and returns its run id at once; follow it with mesh_workflow_get. With wait: true, answers when the run ends, with progress per step and approvals asked through elicitation. Each step is a tool call through the mesh, as you.",
    inputSchema: {
      type: "object",
      properties: {
        workflow: {
          type: "string",
          description: "A workflow name (see the mesh's prompts or mesh_workflow_list)",
        },
        params: { type: "object", description: "The workflow's params" },
        idempotency_key: {
          type: "string",
          description: "Starting twice with one key starts one run",
        },
        wait: {
          type: "boolean",
          description:
            "Answer when the run ends (the final run), sending progress per step finished to a request with a progressToken",
          default: false,
        },
      },
      required: ["workflow"],
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: {
        run_id: { type: "string" },
        existing: { type: "boolean" },
        status: { type: "string" },
      },
      required: ["run_id", "existing"],
      description: "With wait: the final run as mesh_workflow_get gives it, plus existing",
    },
    // Hosts that render MCP Apps show the run's live timeline.
    _meta: { ui: { resourceUri: RUN_TIMELINE_URI } },
    annotations: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  },
  async handle(service, caller, args, request) {
    const { runId, existing } = await service.start({
      workflow: String(args.workflow ?? ""),
      params: (args.params as Record<string, unknown> | undefined) ?? {},
      caller,
      ...(typeof args.idempotency_key === "string" ? { idempotencyKey: args.idempotency_key } : {}),
    });
    if (args.wait === true) {
      const run = await followRun(service, caller, runId, request);
      return ok({ ...run, existing });
    }
    return ok({ run_id: runId, existing, status: "running" });
  },
};
