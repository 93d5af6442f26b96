import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { GitHubClient } from "../client.js";
import { idInput, invalid, repoInput, repoOf } from "../shapes.js";

const cursorState = z.object({ line: z.number().int().min(0) });

export const runLogsGet = defineTool({
  name: "github_run_logs_get",
  title: "Read a job's log",
  description:
    "Reads a workflow job's log: the last `tail` lines, or pages of `limit` lines from the start.",
  input: z.object({
    repo: repoInput,
    job_id: idInput.describe("Job id from github_run_get"),
    tail: z.number().int().min(1).max(2000).optional().describe("Only the last N lines"),
    cursor: z.string().min(1).max(200).optional().describe("next_cursor of a previous page"),
    limit: z.number().int().min(1).max(2000).default(200).describe("Lines per page"),
  }),
  output: z.object({
    job_id: z.number(),
    total_lines: z.number(),
    first_line: z.number().describe("1-based"),
    lines: untrustedSchema(z.array(z.string())),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.lines.data.length} of ${out.total_lines} log line(s) of job ${out.job_id}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo } = repoOf(ctx.client, input.repo);
    if (input.tail !== undefined && input.cursor !== undefined) {
      invalid("Pass tail or cursor, not both.");
    }
    // GitHub answers 302 to a short-lived log URL; fetch follows it and Octokit returns the text.
    const res = await ctx.client.octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner,
      repo,
      job_id: input.job_id,
      request: { signal: ctx.signal },
    });
    const text = typeof res.data === "string" ? res.data : String(res.data ?? "");
    const all = text.split("\n");
    if (all.at(-1) === "") all.pop();
    const start =
      input.tail !== undefined
        ? Math.max(0, all.length - input.tail)
        : input.cursor === undefined
          ? 0
          : decodeCursor(input.cursor, cursorState).line;
    const end = input.tail !== undefined ? all.length : Math.min(all.length, start + input.limit);
    return {
      job_id: input.job_id,
      total_lines: all.length,
      first_line: start + 1,
      lines: untrusted(all.slice(start, end)),
      next_cursor: end < all.length ? encodeCursor({ line: end }) : null,
    };
  },
});
