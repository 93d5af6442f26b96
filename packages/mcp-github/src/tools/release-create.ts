import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiRelease,
  refInput,
  releaseOutput,
  releaseSummary,
  repoInput,
  repoOf,
  toRelease,
} from "../shapes.js";

export const releaseCreate = defineTool({
  name: "github_release_create",
  title: "Create a release",
  description:
    "Creates a release for a tag (a new tag is made from target), with notes or generated notes.",
  input: z.object({
    repo: repoInput,
    tag: refInput.describe("Tag name, e.g. v1.2.0"),
    target: refInput.optional().describe("Branch or SHA to tag; default: the default branch"),
    name: z.string().max(255).optional().describe("Release title; default: the tag"),
    notes: z.string().max(125_000).optional().describe("Release notes (Markdown)"),
    generate_notes: z.boolean().default(false).describe("Let GitHub write the notes"),
    draft: z.boolean().default(false),
    prerelease: z.boolean().default(false),
  }),
  output: releaseOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // A tag has one release at GitHub (a second answers 422); core's store replays a retried call.
  idempotent: true,
  summary: releaseSummary,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: input.tag,
      target_commitish: input.target,
      name: input.name,
      body: input.notes,
      generate_release_notes: input.generate_notes,
      draft: input.draft,
      prerelease: input.prerelease,
      request: { signal: ctx.signal },
    });
    return toRelease(res.data as ApiRelease);
  },
});
