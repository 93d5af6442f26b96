import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { idInput, repoInput, repoOf } from "../shapes.js";

export const issueComment = defineTool({
  name: "github_issue_comment",
  title: "Comment on an issue",
  description: "Adds a comment to an issue or pull request.",
  input: z.object({
    repo: repoInput,
    number: idInput.describe("Issue or pull request number"),
    body: z.string().min(1).max(65_536).describe("Markdown"),
  }),
  output: z.object({
    id: z.number(),
    number: z.number(),
    html_url: z.string(),
    created_at: z.string(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // It notifies participants: core's store keeps a retried call from commenting twice.
  idempotent: true,
  summary: (out) => `Commented on #${out.number}: ${out.html_url}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: input.number,
      body: input.body,
      request: { signal: ctx.signal },
    });
    return {
      id: res.data.id,
      number: input.number,
      html_url: res.data.html_url,
      created_at: res.data.created_at,
    };
  },
});
