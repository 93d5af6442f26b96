import { defineTool, type ToolContext, untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";
import { type ApiDependabotAlert, dependabotAlertOutput, toDependabotAlert } from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { idInput, repoInput, repoOf } from "../shapes.js";

export const dependabotAlertGet = defineTool({
  name: "github_dependabot_alert_get",
  title: "Get a Dependabot alert",
  description:
    "Gets one Dependabot alert: package, severity, vulnerable range, fixed-in version and advisory.",
  input: z.object({ repo: repoInput, alert_number: idInput }),
  output: z.object({ repo: z.string(), alert: untrustedSchema(dependabotAlertOutput) }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => {
    const a = out.alert.data;
    return `Dependabot alert ${a.number} in ${out.repo} is ${a.state} (${a.severity}): ${a.package.name} ${a.vulnerable_version_range}, fixed in ${a.fixed_in ?? "no version yet"}`;
  },
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const res = await ctx.client.octokit.rest.dependabot.getAlert({
      owner,
      repo,
      alert_number: input.alert_number,
      request: { signal: ctx.signal },
    });
    return { repo: full, alert: untrusted(toDependabotAlert(res.data as ApiDependabotAlert)) };
  },
});
