import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiPagination, ApiProject } from "../api-types.js";
import type { VercelClient } from "../client.js";

const cursorState = z.object({ from: z.number() });

export const projectList = defineTool({
  name: "vercel_project_list",
  title: "List projects",
  description: "Lists Vercel projects, most recently updated first, with their git repository.",
  input: z.object({
    search: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("Only projects whose name contains this"),
    ...pageInput,
  }),
  output: z.object({
    projects: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        framework: z.string().nullable(),
        repository: z.string().nullable().describe("owner/repo of the connected git repository"),
        production_branch: z.string().nullable(),
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
  summary: (out) => `${out.projects.length} project(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ search, cursor, limit }, ctx: ToolContext<VercelClient>) => {
    const from = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).from;
    const page = await ctx.client.http.request<{
      projects: ApiProject[];
      pagination: ApiPagination;
    }>("GET", "/v10/projects", {
      query: { limit, search, from },
      signal: ctx.signal,
    });
    return {
      projects: page.projects.map((p) => ({
        id: p.id,
        name: p.name,
        framework: p.framework ?? null,
        repository: p.link?.org && p.link.repo ? `${p.link.org}/${p.link.repo}` : null,
        production_branch: p.link?.productionBranch ?? null,
        updated_at: p.updatedAt === undefined ? null : new Date(p.updatedAt).toISOString(),
      })),
      next_cursor:
        page.pagination.next === null ? null : encodeCursor({ from: page.pagination.next }),
    };
  },
});
