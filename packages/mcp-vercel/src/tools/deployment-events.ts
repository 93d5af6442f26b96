import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiEvent } from "../api-types.js";
import type { VercelClient } from "../client.js";
import { deploymentId, deploymentRef } from "../shapes.js";

const cursorState = z.object({ since: z.number() });

export const deploymentEvents = defineTool({
  name: "vercel_deployment_events",
  title: "Read build logs",
  description:
    "Reads a deployment's build log lines, oldest first. While it builds, call again later with follow_cursor for new lines.",
  input: z.object({
    deployment_id: deploymentId,
    cursor: z
      .string()
      .min(1)
      .optional()
      .describe("next_cursor or follow_cursor from a previous call"),
    limit: z.number().int().min(1).max(500).default(100).describe("Lines per page (1-500)"),
  }),
  output: z.object({
    deployment_id: z.string(),
    events: untrustedSchema(
      z.array(
        z.object({
          created_at: z.string(),
          type: z.string().describe("stdout, stderr, command, ..."),
          text: z.string(),
        }),
      ),
    ),
    next_cursor: nextCursorOutput,
    follow_cursor: z
      .string()
      .nullable()
      .describe("Pass as cursor later to get lines logged after these"),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.events.data.length} log line(s) of ${out.deployment_id}${out.next_cursor ? "; more available" : ""}`,
  run: async ({ deployment_id, cursor, limit }, ctx: ToolContext<VercelClient>) => {
    const since = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).since;
    const id = deploymentRef(deployment_id);
    const events = await ctx.client.http.request<ApiEvent[]>(
      "GET",
      `/v3/deployments/${encodeURIComponent(id)}/events`,
      {
        query: { direction: "forward", builds: 1, limit, since },
        signal: ctx.signal,
      },
    );
    const last = events.at(-1);
    const follow = last ? encodeCursor({ since: last.created }) : (cursor ?? null);
    return {
      deployment_id: id,
      events: untrusted(
        events.map((e) => ({
          created_at: new Date(e.created).toISOString(),
          type: e.type,
          text: e.payload?.text ?? e.text ?? "",
        })),
      ),
      next_cursor: events.length === limit ? follow : null,
      follow_cursor: follow,
    };
  },
});
