import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiDependabotAlert } from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { idInput, repoInput, repoOf } from "../shapes.js";

export const dependabotAlertDismiss = defineTool({
  name: "github_dependabot_alert_dismiss",
  title: "Dismiss a Dependabot alert",
  description:
    "Dismisses a Dependabot alert with a reason and comment, so it stops counting as open. Needs the user's confirmation.",
  input: z.object({
    repo: repoInput,
    alert_number: idInput,
    dismissed_reason: z.enum([
      "fix_started",
      "inaccurate",
      "no_bandwidth",
      "not_used",
      "tolerable_risk",
    ]),
    dismissed_comment: z.string().min(1).max(280).describe("Why, for the audit trail (max 280)"),
  }),
  output: z.object({
    repo: z.string(),
    alert_number: z.number(),
    state: z.string(),
    dismissed_reason: z.string().nullable(),
    html_url: z.string(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: (input, client: GitHubClient) =>
      `Dismiss Dependabot alert ${input.alert_number} of ${repoOf(client, input.repo).full} as ${input.dismissed_reason}: it stops blocking and stops being reported as open.`,
  },
  summary: (out) =>
    `Dependabot alert ${out.alert_number} in ${out.repo} is ${out.state} (${out.dismissed_reason ?? "no reason"})`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.dependabot.updateAlert({
      owner,
      repo,
      alert_number: input.alert_number,
      state: "dismissed",
      dismissed_reason: input.dismissed_reason,
      dismissed_comment: input.dismissed_comment,
      request: { signal: ctx.signal },
    });
    const alert = res.data as ApiDependabotAlert;
    return {
      repo: full,
      alert_number: alert.number,
      state: alert.state,
      dismissed_reason: alert.dismissed_reason ?? null,
      html_url: alert.html_url,
    };
  },
});
