import { z } from "zod";
import { alertListTool, secretAlertOutput, toSecretAlert } from "../alerts.js";

export const secretScanningAlertList = alertListTool({
  name: "github_secret_scanning_alert_list",
  title: "List secret scanning alerts",
  description:
    "Lists a repository's leaked-secret alerts, newest first: type, validity and location, never the secret itself; with counts of every matching alert.",
  noun: "secret scanning alert",
  filters: {
    state: z.enum(["open", "resolved", "all"]).default("open"),
    secret_type: z
      .string()
      .regex(/^[\w-]+(,[\w-]+)*$/, {
        error: "comma-separated secret types, e.g. aws_access_key_id",
      })
      .max(500)
      .optional()
      .describe("Only these types, comma-separated (GitHub has no severity for secrets)"),
  },
  item: secretAlertOutput,
  paging: "page",
  countKeys: ["active", "inactive", "unknown"],
  countBy: (alert) => alert.validity,
  countsDescription:
    "{ total, active, inactive, unknown, complete }: matching alerts (all pages, up to 1,000) by validity of the secret (GitHub has no severity for secrets); on the first page only, null with a cursor",
  fetch: (ctx, { owner, repo }, filters, page) =>
    ctx.client.octokit.rest.secretScanning.listAlertsForRepo({
      owner,
      repo,
      state: filters.state === "all" ? undefined : filters.state,
      secret_type: filters.secret_type,
      // GitHub leaves the secret out of the response; toSecretAlert copies no secret either.
      hide_secret: true,
      ...page,
      request: { signal: ctx.signal },
    }),
  toItem: toSecretAlert,
});
