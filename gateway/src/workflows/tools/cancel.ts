import { ok, RUN_ID, runOutput, type WorkflowTool } from "./tool.js";

export const cancelTool: WorkflowTool = {
  definition: {
    name: "mesh_workflow_cancel",
    title: "Cancel a workflow run",
    description:
      "Stops a running run after the step calls in flight; mesh_workflow_resume continues it.",
    inputSchema: {
      type: "object",
      properties: { run_id: RUN_ID },
      required: ["run_id"],
      additionalProperties: false,
    },
    outputSchema: runOutput,
    annotations: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  async handle(service, caller, args) {
    return ok({ ...(await service.cancel(String(args.run_id ?? ""), caller)) });
  },
};
