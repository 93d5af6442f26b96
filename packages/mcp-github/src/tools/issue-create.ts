import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { type ApiIssue, issueOutput, repoInput, repoOf, toIssue } from "../shapes.js";

export const issueCreate = defineTool({
  name: "github_issue_create",
  title: "Open an issue",
  description: "Opens an issue, optionally with labels and assignees.",
  input: z.object({
    repo: repoInput,
    title: z.string().min(1).max(256),
    body: z.string().max(65_536).optional().describe("Markdown"),
    labels: z.array(z.string().min(1).max(50)).max(20).optional(),
    assignees: z.array(z.string().min(1).max(39)).max(10).optional().describe("Logins"),
  }),
  output: issueOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // It notifies watchers: core's store keeps a retried call from opening a second issue.
  idempotent: true,
  summary: (out) => `Opened issue #${out.number}: ${out.html_url}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.issues.create({
      owner,
      repo,
      title: input.title,
      body: input.body,
      labels: input.labels,
      assignees: input.assignees,
      request: { signal: ctx.signal },
    });
    return toIssue(res.data as ApiIssue);
  },
});
