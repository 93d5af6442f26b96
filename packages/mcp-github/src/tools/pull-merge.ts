import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { idInput, refInput, repoInput, repoOf } from "../shapes.js";

export const pullMerge = defineTool({
  name: "github_pull_merge",
  title: "Merge a pull request",
  description: "Merges a pull request into base (its base branch). Needs the user's confirmation.",
  input: z.object({
    repo: repoInput,
    number: idInput,
    base: refInput.describe("The branch it merges into, as the user confirms it"),
    method: z.enum(["merge", "squash", "rebase"]).default("merge"),
    commit_title: z.string().max(256).optional(),
  }),
  output: z.object({
    repo: z.string(),
    number: z.number(),
    base: z.string(),
    merged: z.boolean(),
    sha: z.string(),
    message: z.string(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  // A retry (same idempotency_key, or the same arguments within 60 s) replays the first merge.
  idempotent: true,
  confirm: {
    message: (input, client: GitHubClient) =>
      `Merge pull request #${input.number} of ${repoOf(client, input.repo).full} into ${input.base} (${input.method}).`,
  },
  summary: (out) => `Merged #${out.number} into ${out.base} of ${out.repo} as ${out.sha}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const { pulls } = ctx.client.octokit.rest;
    const request = { signal: ctx.signal };
    const pr = await pulls.get({ owner, repo, pull_number: input.number, request });
    if (pr.data.base.ref !== input.base) {
      throw new PlatformError(
        "conflict",
        `Pull request #${input.number} merges into ${pr.data.base.ref}, not ${input.base}; nothing was merged. Confirm the real base.`,
      );
    }
    // sha pins the head the user saw: a push after the check makes GitHub refuse (409).
    const res = await pulls.merge({
      owner,
      repo,
      pull_number: input.number,
      merge_method: input.method,
      commit_title: input.commit_title,
      sha: pr.data.head.sha,
      request,
    });
    return {
      repo: full,
      number: input.number,
      base: input.base,
      merged: res.data.merged,
      sha: res.data.sha,
      message: res.data.message,
    };
  },
});
