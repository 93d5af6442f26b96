import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { type ApiPull, pullOutput, refInput, repoInput, repoOf, toPull } from "../shapes.js";

export const pullCreate = defineTool({
  name: "github_pull_create",
  title: "Open a pull request",
  description: "Opens a pull request from head into base (default: the default branch).",
  input: z.object({
    repo: repoInput,
    title: z.string().min(1).max(256),
    head: refInput.describe("Branch with the changes"),
    base: refInput.optional().describe("Branch to merge into; default: the default branch"),
    body: z.string().max(65_536).optional().describe("Description (Markdown)"),
    draft: z.boolean().default(false),
  }),
  output: pullOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // GitHub refuses a second open pull request for the same head and base (422), and core's store
  // replays a retried call's first result.
  idempotent: true,
  summary: (out) => `Opened #${out.number} ${out.head} -> ${out.base}: ${out.html_url}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { octokit } = ctx.client;
    const request = { signal: ctx.signal };
    const base =
      input.base ?? (await octokit.rest.repos.get({ owner, repo, request })).data.default_branch;
    const res = await octokit.rest.pulls.create({
      owner,
      repo,
      title: input.title,
      head: input.head,
      base,
      body: input.body,
      draft: input.draft,
      request,
    });
    return toPull(res.data as ApiPull);
  },
});
