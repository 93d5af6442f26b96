import {
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import {
  type ApiDependabotAlert,
  afterOf,
  dependabotAlertOutput,
  nextAfterCursor,
  toDependabotAlert,
} from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { repoInput, repoOf } from "../shapes.js";

export const dependabotAlertList = defineTool({
  name: "github_dependabot_alert_list",
  title: "List Dependabot alerts",
  description:
    "Lists a repository's Dependabot alerts (vulnerable dependencies), newest first, by state and severity, with the fixed-in version.",
  input: z.object({
    repo: repoInput,
    state: z.enum(["open", "dismissed", "fixed", "auto_dismissed", "all"]).default("open"),
    severity: z
      .enum(["critical", "high", "medium", "low"])
      .optional()
      .describe("Only this severity (default: all)"),
    ecosystem: z.string().min(1).max(50).optional().describe("e.g. npm, pip, maven"),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    alerts: untrustedSchema(z.array(dependabotAlertOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.alerts.data.length} Dependabot alert(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.dependabot.listAlertsForRepo({
      owner,
      repo,
      state: input.state === "all" ? undefined : input.state,
      severity: input.severity,
      ecosystem: input.ecosystem,
      per_page: input.limit,
      after: afterOf(input.cursor),
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      alerts: untrusted((res.data as ApiDependabotAlert[]).map(toDependabotAlert)),
      next_cursor: nextAfterCursor(res.headers.link),
    };
  },
});
