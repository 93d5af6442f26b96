import type { AnyObjectSchema, ToolDefinition } from "@agent-mesh/core";
import { codeScanningAlertDismiss } from "./code-scanning-alert-dismiss.js";
import { codeScanningAlertGet } from "./code-scanning-alert-get.js";
import { codeScanningAlertList } from "./code-scanning-alert-list.js";
import { dependabotAlertDismiss } from "./dependabot-alert-dismiss.js";
import { dependabotAlertGet } from "./dependabot-alert-get.js";
import { dependabotAlertList } from "./dependabot-alert-list.js";
import { fileGet } from "./file-get.js";
import { issueComment } from "./issue-comment.js";
import { issueCreate } from "./issue-create.js";
import { issueList } from "./issue-list.js";
import { pullCreate } from "./pull-create.js";
import { pullGet } from "./pull-get.js";
import { pullList } from "./pull-list.js";
import { pullMerge } from "./pull-merge.js";
import { releaseCreate } from "./release-create.js";
import { releaseDelete } from "./release-delete.js";
import { releaseGet } from "./release-get.js";
import { releaseList } from "./release-list.js";
import { repoGet } from "./repo-get.js";
import { runCancel } from "./run-cancel.js";
import { runGet } from "./run-get.js";
import { runList } from "./run-list.js";
import { runLogsGet } from "./run-logs-get.js";
import { runRerun } from "./run-rerun.js";
import { secretScanningAlertList } from "./secret-scanning-alert-list.js";
import { workflowDispatch } from "./workflow-dispatch.js";
import { workflowList } from "./workflow-list.js";

// biome-ignore lint/suspicious/noExplicitAny: tools are heterogeneous in input and output
type AnyTool = ToolDefinition<AnyObjectSchema, AnyObjectSchema, any>;

/** The tools of each toolset GITHUB_TOOLSETS can name. */
export const toolsets = {
  actions: [workflowList, workflowDispatch, runList, runGet, runLogsGet, runCancel, runRerun],
  releases: [releaseCreate, releaseList, releaseGet, releaseDelete],
  pulls: [pullCreate, pullList, pullGet, pullMerge],
  issues: [issueCreate, issueList, issueComment],
  repos: [repoGet, fileGet],
  security: [
    codeScanningAlertList,
    codeScanningAlertGet,
    codeScanningAlertDismiss,
    dependabotAlertList,
    dependabotAlertGet,
    dependabotAlertDismiss,
    secretScanningAlertList,
  ],
} satisfies Record<string, AnyTool[]>;

export type Toolset = keyof typeof toolsets;

/** Every tool of the platform, one per file. */
export const tools: AnyTool[] = Object.values(toolsets).flat();

/** The toolset a tool belongs to. */
export function toolsetOf(name: string): Toolset | undefined {
  return (Object.keys(toolsets) as Toolset[]).find((set) =>
    toolsets[set].some((tool: AnyTool) => tool.name === name),
  );
}
