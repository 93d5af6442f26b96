import { RUN_TIMELINE_URI } from "../../apps/views/run-timeline.js";
import { WorkflowInputError } from "../params.js";
import { ok, RUN_ID, runOutput, type WorkflowTool } from "./tool.js";

export const getTool: WorkflowTool = {
  definition: {
    name: "mesh_workflow_get",
    title: "Get a workflow run",
    description: "A run's status and each step's state, output and error.",
    inputSchema: {
      type: "object",
      properties: { run_id: RUN_ID },
      required: ["run_id"],
      additionalProperties: false,
    },
    outputSchema: runOutput,
    // Hosts that render MCP Apps show the run's live timeline.
    _meta: { ui: { resourceUri: RUN_TIMELINE_URI } },
    annotations: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  async handle(service, caller, args) {
    const run = await service.get(String(args.run_id ?? ""), caller);
    if (!run)
      throw new WorkflowInputError(`no run ${String(args.run_id)} (see mesh_workflow_list)`);
    return ok({ ...run });
  },
};
