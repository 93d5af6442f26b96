import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";
import { type ApiCodeAlert, codeAlertOutput, toCodeAlert } from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { idInput, repoInput, repoOf } from "../shapes.js";

export const codeScanningAlertGet = defineTool({
  name: "github_code_scanning_alert_get",
  title: "Get a code scanning alert",
  description: "Gets one code scanning alert: state, severity, rule, location and message.",
  input: z.object({ repo: repoInput, alert_number: idInput }),
  output: z.object({ repo: z.string(), alert: untrustedSchema(codeAlertOutput) }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => {
    const a = out.alert.data;
    return `Code scanning alert ${a.number} in ${out.repo} is ${a.state} (${a.severity ?? "no severity"}): ${a.html_url}`;
  },
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.codeScanning.getAlert({
      owner,
      repo,
      alert_number: input.alert_number,
      request: { signal: ctx.signal },
    });
    return { repo: full, alert: untrusted(toCodeAlert(res.data as ApiCodeAlert)) };
  },
});
