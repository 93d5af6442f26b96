import type { Mesh } from "../mesh.js";
import type { MeshPartSource } from "../mesh-server/index.js";
import { APP_MIME_TYPE, appResource } from "./resources.js";
import { approvalDecideTool } from "./tools/approval-decide.js";
import { approvalsListTool } from "./tools/approvals-list.js";
import { APPROVALS_QUEUE_URI, approvalsQueue } from "./views/approvals-queue.js";
import { RUN_TIMELINE_URI, runTimeline } from "./views/run-timeline.js";
import { STATUS_VIEW_URI, statusView } from "./views/status.js";

export { APP_MIME_TYPE, APPROVALS_QUEUE_URI, RUN_TIMELINE_URI, STATUS_VIEW_URI };

/** `_meta` that links a tool to one of the views, for hosts that render MCP Apps. */
export function uiMeta(resourceUri: string): { ui: { resourceUri: string } } {
  return { ui: { resourceUri } };
}

/**
 * MCP Apps for hosts that render UI: the status view, a run's live timeline and the approvals
 * queue as `ui://` resources of the `mesh` downstream, and the approvals tools the queue acts
 * with. Every action is a tools/call the host proxies to the gateway, so it passes Mesh.callTool
 * as the signed-in caller (policy, audit). Hosts without MCP Apps get the tools' text results.
 */
export function appsPart(mesh: Mesh): MeshPartSource {
  const resources = [statusView, runTimeline, approvalsQueue].map(appResource);
  const tools = [approvalsListTool(mesh), approvalDecideTool(mesh)];
  return () => ({ tools, resources });
}
