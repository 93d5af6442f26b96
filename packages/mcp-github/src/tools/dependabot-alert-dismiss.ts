import { alertDismissTool } from "../alerts.js";

export const dependabotAlertDismiss = alertDismissTool({
  name: "github_dependabot_alert_dismiss",
  title: "Dismiss a Dependabot alert",
  noun: "Dependabot alert",
  reasons: ["fix_started", "inaccurate", "no_bandwidth", "not_used", "tolerable_risk"],
  update: (ctx, { owner, repo }, body) =>
    ctx.client.octokit.rest.dependabot.updateAlert({
      owner,
      repo,
      ...body,
      request: { signal: ctx.signal },
    }),
});
