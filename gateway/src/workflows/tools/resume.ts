import { ok, RUN_ID, runOutput, type WorkflowTool } from "./tool.js";

export const resumeTool: WorkflowTool = {
  definition: {
    name: "mesh_workflow_resume",
    title: "Resume a workflow run",
    description:
      "Continues a cancelled run from its last finished step; steps that finished are not repeated.",
    inputSchema: {
      type: "object",
      properties: { run_id: RUN_ID },
      required: ["run_id"],
      additionalProperties: false,
    },
    outputSchema: runOutput,
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
  },
  async handle(service, caller, args) {
    return ok({ ...(await service.resume(String(args.run_id ?? ""), caller)) });
  },
};
