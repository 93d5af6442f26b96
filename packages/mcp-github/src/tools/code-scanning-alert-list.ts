import {
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import { type ApiCodeAlert, codeAlertOutput, toCodeAlert } from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { nextCursor, pageOf, repoInput, repoOf } from "../shapes.js";

export const codeScanningAlertList = defineTool({
  name: "github_code_scanning_alert_list",
  title: "List code scanning alerts",
  description:
    "Lists a repository's code scanning alerts (CodeQL and other analyzers), newest first, by state and severity.",
  input: z.object({
    repo: repoInput,
    state: z
      .enum(["open", "closed", "dismissed", "fixed", "all"])
      .default("open")
      .describe("closed = dismissed or fixed"),
    severity: z
      .enum(["critical", "high", "medium", "low", "error", "warning", "note"])
      .optional()
      .describe("Only this severity (default: all)"),
    ref: z
      .string()
      .min(1)
      .max(250)
      .optional()
      .describe("Git ref, e.g. refs/heads/main (default: the default branch)"),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    alerts: untrustedSchema(z.array(codeAlertOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.alerts.data.length} code scanning alert(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.codeScanning.listAlertsForRepo({
      owner,
      repo,
      state: input.state === "all" ? undefined : (input.state as "open"),
      severity: input.severity,
      ref: input.ref,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      alerts: untrusted((res.data as ApiCodeAlert[]).map(toCodeAlert)),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
