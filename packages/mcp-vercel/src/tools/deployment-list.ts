import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiDeploymentListItem, ApiPagination } from "../api-types.js";
import type { VercelClient } from "../client.js";
import { deploymentOutput, fromListItem, readyState } from "../shapes.js";

const cursorState = z.object({ until: z.number() });

export const deploymentList = defineTool({
  name: "vercel_deployment_list",
  title: "List deployments",
  description: "Lists deployments, newest first, optionally of one project, target or state.",
  input: z.object({
    project: z.string().min(1).optional().describe("Project name or id"),
    target: z.enum(["production", "preview"]).optional(),
    state: z
      .array(readyState)
      .min(1)
      .optional()
      .describe("Only deployments in one of these states"),
    ...pageInput,
  }),
  output: z.object({ deployments: z.array(deploymentOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.deployments.length} deployment(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ project, target, state, cursor, limit }, ctx: ToolContext<VercelClient>) => {
    const until = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).until;
    const projectId =
      project === undefined ? undefined : await ctx.client.projectId(project, ctx.signal);
    const page = await ctx.client.http.request<{
      deployments: ApiDeploymentListItem[];
      pagination: ApiPagination;
    }>("GET", "/v6/deployments", {
      query: { projectId, target, state: state?.join(","), limit, until },
      signal: ctx.signal,
    });
    return {
      deployments: page.deployments.map(fromListItem),
      next_cursor:
        page.pagination.next === null ? null : encodeCursor({ until: page.pagination.next }),
    };
  },
});
