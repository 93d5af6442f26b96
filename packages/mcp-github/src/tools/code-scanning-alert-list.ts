import { z } from "zod";
import { alertListTool, codeAlertOutput, toCodeAlert } from "../alerts.js";

export const codeScanningAlertList = alertListTool({
  name: "github_code_scanning_alert_list",
  title: "List code scanning alerts",
  description:
    "Lists a repository's code scanning alerts (CodeQL and other analyzers), newest first, by state and severity, with counts per severity of every matching alert.",
  noun: "code scanning alert",
  filters: {
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
  },
  item: codeAlertOutput,
  paging: "page",
  countKeys: ["critical", "high", "medium", "low", "error", "warning", "note"],
  countBy: (alert) => alert.severity,
  countsDescription:
    "{ total, critical, high, medium, low, error, warning, note, complete }: matching alerts (all pages, up to 1,000) by severity: security severity when the rule has one, else the rule's; on the first page only, null with a cursor",
  fetch: (ctx, { owner, repo }, filters, page) =>
    ctx.client.octokit.rest.codeScanning.listAlertsForRepo({
      owner,
      repo,
      state: filters.state === "all" ? undefined : (filters.state as "open"),
      severity: filters.severity,
      ref: filters.ref,
      ...page,
      request: { signal: ctx.signal },
    }),
  toItem: toCodeAlert,
});
