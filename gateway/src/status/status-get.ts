import { STATUS_VIEW_URI } from "../apps/views/status.js";
import type { MeshTool } from "../mesh-server/index.js";
import { statusMarkdown, statusSummary } from "./markdown.js";
import { type StatusSource, statusSnapshot } from "./snapshot.js";

const latency = { type: ["number", "null"] };

/** mesh_status_get: mesh://status as a tool, for clients that do not read resources. */
export function statusGetTool(source: StatusSource): MeshTool {
  return {
    definition: {
      name: "mesh_status_get",
      title: "Mesh status",
      description:
        "The mesh's health as you may see it: each downstream's state, errors and calls in the last hour, approvals waiting, workflow runs in progress, with what to do next.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      outputSchema: {
        type: "object",
        properties: {
          status: { type: "string", enum: ["ok", "degraded"] },
          summary: { type: "array", items: { type: "string" } },
          downstreams: {
            type: "array",
            items: {
              type: "object",
              properties: {
                name: { type: "string" },
                kind: { type: "string" },
                state: { type: "string" },
                last_error: { type: "string" },
                tools: { type: "integer" },
                latency_p50_ms: latency,
                latency_p99_ms: latency,
                calls_last_hour: { type: "integer" },
                errors_last_hour: { type: "integer" },
              },
              required: ["name", "state", "calls_last_hour", "errors_last_hour"],
            },
          },
          pending_approvals: { type: "array", items: { type: "object" } },
          running_runs: { type: "array", items: { type: "object" } },
          scope: { type: "string", enum: ["operator", "own"] },
        },
        required: ["status", "summary", "downstreams", "pending_approvals", "running_runs"],
      },
      // Hosts that render MCP Apps show the status view (apps/).
      _meta: { ui: { resourceUri: STATUS_VIEW_URI } },
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async call(_args, { caller }) {
      const status = await statusSnapshot(source, caller);
      const summary = statusSummary(status);
      return {
        content: [{ type: "text", text: `${summary.join("\n")}\n\n${statusMarkdown(status)}` }],
        structuredContent: { ...status, summary },
      };
    },
  };
}
