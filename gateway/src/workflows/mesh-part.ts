import { envelopeResult, PlatformError, toEnvelope } from "@agent-mesh/core";
import type { MeshPartSource } from "../mesh-server/index.js";
import { workflowPrompt, workflowPrompts } from "./prompts.js";
import type { WorkflowService } from "./service.js";
import { callWorkflowTool, workflowToolList } from "./tools/index.js";
import { startTool } from "./tools/start.js";

/** The longest the gateway follows a run for a `wait: true` start (a day). */
const FOLLOW_LIMIT_MS = 24 * 60 * 60 * 1000;

/**
 * What workflows serve in the `mesh` downstream when mesh.yaml defines some: the
 * mesh_workflow_* tools and one prompt per workflow (/mcp__mesh__<name> in Claude Code).
 * `service` is read at each call: the engine starts after the downstreams.
 */
export function workflowsPart(service: () => WorkflowService | undefined): MeshPartSource {
  return (config) => {
    const definitions = config.workflows;
    if (Object.keys(definitions).length === 0) return undefined;
    return {
      tools: workflowToolList().map((tool) => ({
        definition: tool.definition,
        // With wait, a start follows its run to the end: the client's timeout decides, not ours.
        ...(tool === startTool ? { timeoutMs: FOLLOW_LIMIT_MS } : {}),
        async call(args, request) {
          const running = service();
          if (!running) {
            const name = tool.definition.name;
            const error = new PlatformError(
              "upstream_unavailable",
              "the workflow engine is still starting (or stopping); try again in a moment",
            );
            return envelopeResult(toEnvelope("mesh", name, error));
          }
          return callWorkflowTool(running, request.caller, tool.definition.name, args, request);
        },
      })),
      prompts: workflowPrompts(definitions).map((definition) => ({
        definition,
        get: async (args) => workflowPrompt(definition.name, definitions[definition.name]!, args),
      })),
    };
  };
}
