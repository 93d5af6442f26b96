import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { repoInput, repoOf } from "../shapes.js";

export const repoGet = defineTool({
  name: "github_repo_get",
  title: "Get a repository",
  description: "Gets a repository: default branch, visibility and the token's permissions.",
  input: z.object({ repo: repoInput }),
  output: z.object({
    full_name: z.string(),
    default_branch: z.string(),
    visibility: z.string(),
    private: z.boolean(),
    archived: z.boolean(),
    permission: z
      .enum(["admin", "maintain", "push", "triage", "pull", "none"])
      .describe("The token's highest permission"),
    html_url: z.string(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.full_name} (${out.visibility}), default branch ${out.default_branch}; permission: ${out.permission}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { data } = await ctx.client.octokit.rest.repos.get({
      owner,
      repo,
      request: { signal: ctx.signal },
    });
    const p = data.permissions;
    const levels = ["admin", "maintain", "push", "triage", "pull"] as const;
    return {
      full_name: data.full_name,
      default_branch: data.default_branch,
      visibility: data.visibility ?? (data.private ? "private" : "public"),
      private: data.private,
      archived: data.archived,
      permission: (levels.find((level) => p?.[level] === true) ?? "none") as
        | (typeof levels)[number]
        | "none",
      html_url: data.html_url,
    };
  },
});
