import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
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

export const releaseGet = defineTool({
  name: "github_release_get",
  title: "Get a release",
  description: "Gets a release by tag, or the latest published release when no tag is given.",
  input: z.object({ repo: repoInput, tag: refInput.optional().describe("Tag; default: latest") }),
  output: releaseOutput
    .omit({ body: true })
    .extend({ notes: untrustedSchema(z.string().nullable()) }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => releaseSummary({ ...out, body: null }),
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { repos } = ctx.client.octokit.rest;
    const request = { signal: ctx.signal };
    const res =
      input.tag === undefined
        ? await repos.getLatestRelease({ owner, repo, request })
        : await repos.getReleaseByTag({ owner, repo, tag: input.tag, request });
    const { body, ...rest } = toRelease(res.data as ApiRelease);
    return { ...rest, notes: untrusted(body) };
  },
});
