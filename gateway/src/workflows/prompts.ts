import type { GetPromptResult, Prompt } from "@modelcontextprotocol/sdk/types.js";
import type { WorkflowDefinition } from "./config/schema.js";
import { stringify } from "./expression/index.js";

/**
 * Each workflow as an MCP prompt (Claude Code shows /mcp__mesh__<name>): its arguments are the
 * workflow's params, its text asks the agent to start the run and report on it.
 */
export function workflowPrompts(definitions: Record<string, WorkflowDefinition>): Prompt[] {
  return Object.entries(definitions).map(([name, d]) => ({
    name,
    title: `Workflow ${name}`,
    description: d.description ?? `Runs the ${name} workflow`,
    arguments: Object.entries(d.params).map(([key, spec]) => ({
      name: key,
      ...(spec.description ? { description: spec.description } : {}),
      required: spec.default === undefined && spec.required !== false,
    })),
  }));
}

export function workflowPrompt(
  name: string,
  definition: WorkflowDefinition,
  args: Record<string, string>,
): GetPromptResult {
  const params = Object.fromEntries(
    Object.entries(args).filter(
      ([key, value]) => Object.hasOwn(definition.params, key) && value !== "",
    ),
  );
  const steps = definition.steps.map(
    (s) =>
      `- ${s.id}: ${s.tool ?? (s.check !== undefined ? "check" : `approval: ${stringify(s.approval)}`)}`,
  );
  const text = [
    `Run the agent-mesh workflow "${name}"${definition.description ? ` (${definition.description})` : ""}.`,
    `Call the tool mesh_workflow_start with {"workflow": ${JSON.stringify(name)}, "params": ${JSON.stringify(params)}}.`,
    'It returns a run_id at once. Then call mesh_workflow_get with that run_id every few seconds until its status is no longer "running".',
    "If a step waits for an approval, tell me its approval_id so I can approve it (agent-mesh approvals approve <id>).",
    "When the run ends, report its status, each step's outcome and the error of any step that failed.",
    "",
    "The steps:",
    ...steps,
  ].join("\n");
  return {
    description: definition.description ?? `Runs the ${name} workflow`,
    messages: [{ role: "user", content: { type: "text", text } }],
  };
}
