import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { refInput, repoInput, repoOf } from "../shapes.js";

export const releaseDelete = defineTool({
  name: "github_release_delete",
  title: "Delete a release",
  description:
    "Deletes the release of a tag (the git tag itself stays). Needs the user's confirmation.",
  input: z.object({ repo: repoInput, tag: refInput.describe("Tag of the release") }),
  output: z.object({
    repo: z.string(),
    tag: z.string(),
    release_id: z.number(),
    deleted: z.boolean(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: (input, client: GitHubClient) =>
      `Delete the release ${input.tag} of ${repoOf(client, input.repo).full} and its notes and assets (the git tag stays).`,
  },
  summary: (out) => `Deleted release ${out.tag} (${out.release_id}) of ${out.repo}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const { repos } = ctx.client.octokit.rest;
    const request = { signal: ctx.signal };
    const release = await repos.getReleaseByTag({ owner, repo, tag: input.tag, request });
    await repos.deleteRelease({ owner, repo, release_id: release.data.id, request });
    return { repo: full, tag: input.tag, release_id: release.data.id, deleted: true };
  },
});
