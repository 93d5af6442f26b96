import {
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import { type ApiSecretAlert, secretAlertOutput, toSecretAlert } from "../alerts.js";
import type { GitHubClient } from "../client.js";
import { nextCursor, pageOf, repoInput, repoOf } from "../shapes.js";

export const secretScanningAlertList = defineTool({
  name: "github_secret_scanning_alert_list",
  title: "List secret scanning alerts",
  description:
    "Lists a repository's leaked-secret alerts, newest first: type, validity and location, never the secret itself.",
  input: z.object({
    repo: repoInput,
    state: z.enum(["open", "resolved", "all"]).default("open"),
    secret_type: z
      .string()
      .regex(/^[\w-]+(,[\w-]+)*$/, {
        error: "comma-separated secret types, e.g. aws_access_key_id",
      })
      .max(500)
      .optional()
      .describe("Only these types, comma-separated (GitHub has no severity for secrets)"),
    ...pageInput,
  }),
  output: z.object({
    repo: z.string(),
    alerts: untrustedSchema(z.array(secretAlertOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.alerts.data.length} secret scanning alert(s) in ${out.repo}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<GitHubClient>) => {
    const { owner, repo, full } = repoOf(ctx.client, input.repo);
    const page = pageOf(input.cursor);
    const res = await ctx.client.octokit.rest.secretScanning.listAlertsForRepo({
      owner,
      repo,
      state: input.state === "all" ? undefined : input.state,
      secret_type: input.secret_type,
      // GitHub leaves the secret out of the response; toSecretAlert copies no secret either.
      hide_secret: true,
      per_page: input.limit,
      page,
      request: { signal: ctx.signal },
    });
    return {
      repo: full,
      alerts: untrusted((res.data as ApiSecretAlert[]).map(toSecretAlert)),
      next_cursor: nextCursor(res.headers.link, page),
    };
  },
});
