import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { type ApiRun, idInput, repoInput, repoOf, runOutput, toRun } from "../shapes.js";

const stepOutput = z.object({
  number: z.number(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
});

const jobOutput = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  steps: z.array(stepOutput),
});

export const runGet = defineTool({
  name: "github_run_get",
  title: "Get a workflow run",
  description: "Gets a workflow run with its jobs and steps; job ids feed github_run_logs_get.",
  input: z.object({ repo: repoInput, run_id: idInput }),
  output: runOutput.extend({
    jobs: z.array(jobOutput),
    total_jobs: z.number().describe("jobs holds the first 100"),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `Run ${out.id} is ${out.status}${out.conclusion ? `: ${out.conclusion}` : ""}; ${out.jobs.length} job(s)`,
  run: async ({ repo: given, run_id }, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, given);
    const { actions } = ctx.client.octokit.rest;
    const request = { signal: ctx.signal };
    const run = await actions.getWorkflowRun({ owner, repo, run_id, request });
    const jobs = await actions.listJobsForWorkflowRun({
      owner,
      repo,
      run_id,
      filter: "latest",
      per_page: 100,
      request,
    });
    return {
      ...toRun(run.data as ApiRun),
      jobs: jobs.data.jobs.map((j) => ({
        id: j.id,
        name: j.name,
        status: j.status,
        conclusion: j.conclusion,
        started_at: j.started_at ?? null,
        completed_at: j.completed_at ?? null,
        steps: (j.steps ?? []).map((s) => ({
          number: s.number,
          name: s.name,
          status: s.status,
          conclusion: s.conclusion,
        })),
      })),
      total_jobs: jobs.data.total_count,
    };
  },
});
