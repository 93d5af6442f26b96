import type { AnyObjectSchema, ToolDefinition } from "@agent-mesh/core";
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
