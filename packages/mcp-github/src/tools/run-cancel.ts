import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { idInput, repoInput, repoOf } from "../shapes.js";

export const runCancel = defineTool({
  name: "github_run_cancel",
  title: "Cancel a workflow run",
  description: "Cancels a queued or running workflow run. Needs the user's confirmation.",
  input: z.object({ repo: repoInput, run_id: idInput }),
  output: z.object({ repo: z.string(), run_id: z.number(), cancel_requested: z.boolean() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    // repoOf throws policy_denied for a repository outside GITHUB_REPOS before anyone is asked.
    message: (input, client: GitHubClient) =>
      `Cancel workflow run ${input.run_id} of ${repoOf(client, input.repo).full}: its unfinished jobs stop.`,
  },
  summary: (out) => `Cancellation of run ${out.run_id} in ${out.repo} requested`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    await ctx.client.octokit.rest.actions.cancelWorkflowRun({
      owner,
      repo,
      run_id: input.run_id,
      request: { signal: ctx.signal },
    });
    return { repo: full, run_id: input.run_id, cancel_requested: true };
  },
});
