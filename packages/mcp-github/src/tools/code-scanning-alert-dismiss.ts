import { alertDismissTool } from "../alerts.js";

export const codeScanningAlertDismiss = alertDismissTool({
  name: "github_code_scanning_alert_dismiss",
  title: "Dismiss a code scanning alert",
  noun: "code scanning alert",
  reasons: ["false positive", "won't fix", "used in tests"],
  update: (ctx, { owner, repo }, body) =>
    ctx.client.octokit.rest.codeScanning.updateAlert({
      owner,
      repo,
      ...body,
      request: { signal: ctx.signal },
    }),
});
