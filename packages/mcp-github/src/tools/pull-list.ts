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
  type ApiPull,
  nextCursor,
  pageOf,
  pullOutput,
  refInput,
  repoInput,
  repoOf,
  toPull,
} from "../shapes.js";

export const pullList = defineTool({
  name: "github_pull_list",
  title: "List pull requests",
  description: "Lists pull requests, newest first, by state and base branch.",
  input: z.object({
    repo: repoInput,
    state: z.enum(["open", "closed", "all"]).default("open"),
    base: refInput.optional(),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    pulls: untrustedSchema(z.array(pullOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.pulls.data.length} pull request(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.pulls.list({
      owner,
      repo,
      state: input.state,
      base: input.base,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      pulls: untrusted((res.data as ApiPull[]).map(toPull)),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
