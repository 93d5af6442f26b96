import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { type ApiRun, refInput, repoInput, repoOf, runOutput, toRun } from "../shapes.js";

const POLL_MS = 1000;

/** Waits `ms`, or less when the call is cancelled. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export const workflowDispatch = defineTool({
  name: "github_workflow_dispatch",
  title: "Run a workflow",
  description:
    "Runs a workflow_dispatch workflow on a ref and returns the run it created; follow it with github_run_get.",
  input: z.object({
    repo: repoInput,
    workflow: z
      .string()
      .regex(/^(?:[A-Za-z0-9_.-]+\.ya?ml|\d+)$/, { error: "a workflow file name or id" })
      .max(255)
      .describe("Workflow file name (deploy.yml) or numeric id"),
    ref: refInput.optional().describe("Branch or tag; default: the default branch"),
    inputs: z
      .record(z.string().max(100), z.union([z.string().max(65_535), z.number(), z.boolean()]))
      .optional()
      .describe("The workflow's inputs"),
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(60)
      .default(15)
      .describe("How long to look for the new run"),
  }),
  output: z.object({
    repo: z.string(),
    workflow: z.string(),
    ref: z.string(),
    run: runOutput.nullable().describe("null if not seen in time"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // GitHub has no idempotency mechanism for dispatches: core's store makes a retried call (same
  // idempotency_key, or the same arguments within 60 s) answer the first run instead of a second.
  idempotent: true,
  summary: (out) =>
    out.run
      ? `Dispatched ${out.workflow} on ${out.ref}: run ${out.run.id} is ${out.run.status} ${out.run.html_url}`
      : `Dispatched ${out.workflow} on ${out.ref}; the run had not appeared yet (see github_run_list)`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const { octokit } = ctx.client;
    const request = { signal: ctx.signal };
    const workflow_id = /^\d+$/.test(input.workflow) ? Number(input.workflow) : input.workflow;
    const ref =
      input.ref ?? (await octokit.rest.repos.get({ owner, repo, request })).data.default_branch;
    const list = () =>
      octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id,
        event: "workflow_dispatch",
        branch: ref,
        per_page: 20,
        request,
      });
    // The dispatch answers 204 with no run: remember the runs that exist, then look for a new one.
    const before = new Set((await list()).data.workflow_runs.map((r) => r.id));
    const inputs = input.inputs
      ? Object.fromEntries(Object.entries(input.inputs).map(([k, v]) => [k, String(v)]))
      : undefined;
    await octokit.rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id,
      ref,
      inputs,
      request,
    });
    const deadline = Date.now() + input.wait_seconds * 1000;
    for (let attempt = 1; ; attempt++) {
      const runs = (await list()).data.workflow_runs as ApiRun[];
      const created = runs.filter((r) => !before.has(r.id)).at(-1);
      if (created) return { repo: full, workflow: input.workflow, ref, run: toRun(created) };
      if (Date.now() >= deadline || ctx.signal.aborted) break;
      await ctx.progress(attempt, undefined, `Waiting for the run of ${input.workflow} to appear`);
      await pause(POLL_MS, ctx.signal);
    }
    return { repo: full, workflow: input.workflow, ref, run: null };
  },
});
