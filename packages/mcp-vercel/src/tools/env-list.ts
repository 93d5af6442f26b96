import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiEnvVar } from "../api-types.js";
import type { VercelClient } from "../client.js";
import { envTarget, targetsOf } from "../shapes.js";

const cursorState = z.object({ offset: z.number().int().min(0) });

export const envList = defineTool({
  name: "vercel_env_list",
  title: "List environment variables",
  description:
    "Lists a project's environment variables: names, targets and types. Values are never shown.",
  input: z.object({
    project: z.string().min(1).describe("Project name or id"),
    target: envTarget.optional().describe("Only variables that apply to this target"),
    ...pageInput,
  }),
  output: z.object({
    project: z.string(),
    variables: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        type: z.string().describe("encrypted, sensitive, plain, ..."),
        targets: z.array(z.string()),
        git_branch: z.string().nullable(),
        updated_at: z.string().nullable(),
      }),
    ),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.variables.length} variable(s) in ${out.project}${out.next_cursor ? "; more available" : ""}`,
  run: async ({ project, target, cursor, limit }, ctx: ToolContext<VercelClient>) => {
    const offset = cursor === undefined ? 0 : decodeCursor(cursor, cursorState).offset;
    const { envs } = await ctx.client.http.request<{ envs: ApiEnvVar[] }>(
      "GET",
      `/v10/projects/${encodeURIComponent(project)}/env`,
      {
        signal: ctx.signal,
      },
    );
    const matching = envs
      .map((env) => ({
        id: env.id,
        key: env.key,
        type: env.type,
        targets: targetsOf(env.target),
        git_branch: env.gitBranch ?? null,
        updated_at: env.updatedAt === undefined ? null : new Date(env.updatedAt).toISOString(),
      }))
      .filter((env) => target === undefined || env.targets.includes(target));
    const end = offset + limit;
    return {
      project,
      variables: matching.slice(offset, end),
      next_cursor: end < matching.length ? encodeCursor({ offset: end }) : null,
    };
  },
});
