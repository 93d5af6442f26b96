import { ok, type WorkflowTool } from "./tool.js";

export const listTool: WorkflowTool = {
  definition: {
    name: "mesh_workflow_list",
    title: "List workflows and runs",
    description:
      "The workflows this mesh defines, with their params, and the latest runs you may see.",
    inputSchema: {
      type: "object",
      properties: {
        workflow: { type: "string", description: "Only runs of this workflow" },
        status: { type: "string", enum: ["running", "succeeded", "failed", "cancelled"] },
        limit: { type: "integer", minimum: 1, maximum: 200, default: 20 },
      },
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: { workflows: { type: "array" }, runs: { type: "array" } },
      required: ["workflows", "runs"],
    },
    annotations: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  async handle(service, caller, args) {
    const workflows = Object.entries(service.definitions()).map(([name, d]) => ({
      name,
      description: d.description ?? "",
      params: Object.keys(d.params),
      steps: d.steps.map((s) => s.id),
    }));
    const runs = (
      await service.list({
        caller,
        ...(typeof args.workflow === "string" ? { workflow: args.workflow } : {}),
        ...(typeof args.status === "string" ? { status: args.status as never } : {}),
        limit: typeof args.limit === "number" ? args.limit : 20,
      })
    ).map(({ run_id, workflow, status, caller: by, created_at }) => ({
      run_id,
      workflow,
      status,
      caller: by,
      created_at,
    }));
    return ok({ workflows, runs });
  },
};
