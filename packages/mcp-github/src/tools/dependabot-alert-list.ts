import { z } from "zod";
import { alertListTool, dependabotAlertOutput, toDependabotAlert } from "../alerts.js";

export const dependabotAlertList = alertListTool({
  name: "github_dependabot_alert_list",
  title: "List Dependabot alerts",
  description:
    "Lists a repository's Dependabot alerts (vulnerable dependencies), newest first, by state and severity, with the fixed-in version and counts per severity of every matching alert.",
  noun: "Dependabot alert",
  filters: {
    state: z.enum(["open", "dismissed", "fixed", "auto_dismissed", "all"]).default("open"),
    severity: z
      .enum(["critical", "high", "medium", "low"])
      .optional()
      .describe("Only this severity (default: all)"),
    ecosystem: z.string().min(1).max(50).optional().describe("e.g. npm, pip, maven"),
  },
  item: dependabotAlertOutput,
  paging: "after",
  countKeys: ["critical", "high", "medium", "low"],
  countBy: (alert) => alert.severity,
  countsDescription:
    "{ total, critical, high, medium, low, complete }: matching alerts (all pages, up to 1,000) by severity; on the first page only, null with a cursor",
  fetch: (ctx, { owner, repo }, filters, page) =>
    ctx.client.octokit.rest.dependabot.listAlertsForRepo({
      owner,
      repo,
      state: filters.state === "all" ? undefined : filters.state,
      severity: filters.severity,
      ecosystem: filters.ecosystem,
      per_page: page.per_page,
      after: page.after,
      request: { signal: ctx.signal },
    }),
  toItem: toDependabotAlert,
});
