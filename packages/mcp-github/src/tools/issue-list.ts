import {
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiIssue,
  issueOutput,
  lockedText,
  nextCursor,
  pageOf,
  repoInput,
  repoOf,
  toIssue,
} from "../shapes.js";

export const issueList = defineTool({
  name: "github_issue_list",
  title: "List issues",
  description:
    "Lists issues (not pull requests), newest first, with their bodies, by state and labels.",
  input: z.object({
    repo: repoInput,
    state: z.enum(["open", "closed", "all"]).default("open"),
    labels: z.array(z.string().min(1).max(50)).max(10).optional().describe("All must match"),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    issues: untrustedSchema(z.array(issueOutput.extend({ body: z.string().nullable() }))),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.issues.data.length} issue(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.issues.listForRepo({
      owner,
      repo,
      state: input.state,
      labels: input.labels?.join(","),
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    // GitHub's issues list includes pull requests; they have their own tools.
    const issues = (res.data as ApiIssue[])
      .filter((i) => i.pull_request === undefined)
      .map((i) => ({
        ...toIssue(i),
        body: lockedText(ctx.client, i.author_association, i.body),
      }));
    return {
      repo: full,
      issues: untrusted(issues),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
