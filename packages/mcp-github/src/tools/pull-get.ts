import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import {
  type ApiPull,
  idInput,
  lockedText,
  pullOutput,
  repoInput,
  repoOf,
  toPull,
} from "../shapes.js";

export const pullGet = defineTool({
  name: "github_pull_get",
  title: "Get a pull request",
  description: "Gets a pull request with its mergeability and the check runs of its head commit.",
  input: z.object({ repo: repoInput, number: idInput }),
  output: pullOutput.extend({
    mergeable: z.boolean().nullable().describe("null while GitHub computes it"),
    mergeable_state: z.string().describe("clean, blocked, behind, dirty, unstable, unknown"),
    body: untrustedSchema(z.string().nullable()),
    checks: z.object({
      total: z.number(),
      state: z.enum(["success", "failure", "pending", "none"]),
      runs: z.array(
        z.object({ name: z.string(), status: z.string(), conclusion: z.string().nullable() }),
      ),
    }),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `#${out.number} ${out.head} -> ${out.base} is ${out.merged ? "merged" : out.state}; mergeable: ${out.mergeable_state}; checks: ${out.checks.state}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    const { octokit } = ctx.client;
    const request = { signal: ctx.signal };
    const pr = await octokit.rest.pulls.get({ owner, repo, pull_number: input.number, request });
    const checks = await octokit.rest.checks.listForRef({
      owner,
      repo,
      ref: pr.data.head.sha,
      per_page: 100,
      request,
    });
    const runs = checks.data.check_runs.map((c) => ({
      name: c.name,
      status: c.status,
      conclusion: c.conclusion,
    }));
    const failed = runs.some((r) =>
      ["failure", "cancelled", "timed_out", "action_required"].includes(r.conclusion ?? ""),
    );
    const state =
      runs.length === 0
        ? "none"
        : failed
          ? "failure"
          : runs.every((r) => r.status === "completed")
            ? "success"
            : "pending";
    const data = pr.data as ApiPull & { mergeable: boolean | null; mergeable_state: string };
    return {
      ...toPull(data),
      mergeable: data.mergeable,
      mergeable_state: data.mergeable_state,
      body: untrusted(lockedText(ctx.client, data.author_association, data.body)),
      checks: { total: checks.data.total_count, state, runs },
    } as const;
  },
});
