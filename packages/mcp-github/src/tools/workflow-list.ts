import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { nextCursor, pageOf, repoInput, repoOf } from "../shapes.js";

export const workflowList = defineTool({
  name: "github_workflow_list",
  title: "List workflows",
  description: "Lists a repository's GitHub Actions workflows (id, file path, state).",
  input: z.object({ repo: repoInput, ...pageInput }),
  output: z.object({
    repo: z.string(),
    workflows: z.array(
      z.object({ id: z.number(), name: z.string(), path: z.string(), state: z.string() }),
    ),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.workflows.length} workflow(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.actions.listRepoWorkflows({
      owner,
      repo,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      workflows: res.data.workflows.map((w) => ({
        id: w.id,
        name: w.name,
        path: w.path,
        state: w.state,
      })),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
