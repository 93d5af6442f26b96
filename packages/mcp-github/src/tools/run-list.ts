import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiRun,
  nextCursor,
  pageOf,
  refInput,
  repoInput,
  repoOf,
  runOutput,
  toRun,
} from "../shapes.js";

const statuses = [
  "queued",
  "in_progress",
  "completed",
  "success",
  "failure",
  "cancelled",
  "skipped",
  "waiting",
  "pending",
  "action_required",
] as const;

export const runList = defineTool({
  name: "github_run_list",
  title: "List workflow runs",
  description: "Lists workflow runs, newest first, filtered by workflow, branch, status or event.",
  input: z.object({
    repo: repoInput,
    workflow: z
      .string()
      .regex(/^(?:[A-Za-z0-9_.-]+\.ya?ml|\d+)$/, { error: "a workflow file name or id" })
      .max(255)
      .optional()
      .describe("Workflow file name or id"),
    branch: refInput.optional(),
    status: z.enum(statuses).optional().describe("A status or a conclusion"),
    event: z
      .string()
      .regex(/^[a-z_]+$/)
      .max(50)
      .optional()
      .describe("push, workflow_dispatch, ..."),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    total_count: z.number(),
    runs: z.array(runOutput),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.runs.length} of ${out.total_count} run(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const { actions } = ctx.client.octokit.rest;
    const query = {
      owner,
      repo,
      branch: input.branch,
      status: input.status,
      event: input.event,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    };
    const workflowId = input.workflow;
    const res =
      workflowId === undefined
        ? await actions.listWorkflowRunsForRepo(query)
        : await actions.listWorkflowRuns({
            ...query,
            workflow_id: /^\d+$/.test(workflowId) ? Number(workflowId) : workflowId,
          });
    return {
      repo: full,
      total_count: res.data.total_count,
      runs: (res.data.workflow_runs as ApiRun[]).map(toRun),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
