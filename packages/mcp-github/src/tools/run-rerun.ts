import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiRun,
  idInput,
  repoInput,
  repoOf,
  runOutput,
  runSummary,
  toRun,
} from "../shapes.js";

export const runRerun = defineTool({
  name: "github_run_rerun",
  title: "Re-run a workflow run",
  description: "Re-runs a completed workflow run: its failed jobs only (default) or all jobs.",
  input: z.object({
    repo: repoInput,
    run_id: idInput,
    failed_only: z.boolean().default(true).describe("Re-run only failed or cancelled jobs"),
  }),
  output: runOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // No idempotency mechanism at GitHub: core's store keeps a retried call from starting a second
  // attempt (same idempotency_key, or the same arguments within 60 s).
  idempotent: true,
  summary: runSummary,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { actions } = ctx.client.octokit.rest;
    const request = { signal: ctx.signal };
    const args = { owner, repo, run_id: input.run_id, request };
    if (input.failed_only) await actions.reRunWorkflowFailedJobs(args);
    else await actions.reRunWorkflow(args);
    return toRun((await actions.getWorkflowRun(args)).data as ApiRun);
  },
});
