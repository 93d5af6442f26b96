import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiRelease,
  nextCursor,
  pageOf,
  releaseOutput,
  repoInput,
  repoOf,
  toRelease,
} from "../shapes.js";

export const releaseList = defineTool({
  name: "github_release_list",
  title: "List releases",
  description: "Lists a repository's releases, newest first (drafts only with push access).",
  input: z.object({ repo: repoInput, ...pageInput }),
  output: z.object({
    repo: z.string(),
    releases: z.array(releaseOutput.omit({ body: true })),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.releases.length} release(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.repos.listReleases({
      owner,
      repo,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      releases: res.data.map((r) => {
        const { body: _body, ...rest } = toRelease(r as ApiRelease);
        return rest;
      }),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
