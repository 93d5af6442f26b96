import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { pageOf, sourceOutput, sourceVisible, toSource } from "../workspace.js";

const cursorState = z.object({ next: z.string().min(1) });

export const sourceList = defineTool({
  name: "segment_source_list",
  title: "List sources",
  description:
    "Lists the workspace's sources (where events come from) with their enabled state; only those in SEGMENT_SOURCES when it is set.",
  input: z.object({ ...pageInput }),
  output: z.object({ sources: z.array(sourceOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.sources.length} source(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ cursor, limit }, ctx: ToolContext<SegmentClient>) => {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).next;
    const { body } = await ctx.client.workspace().sources.listSources(pageOf(limit, after));
    const data = body.data;
    const next = data?.pagination.next;
    return {
      // The allow-list filters the page, so a page may hold fewer than `limit` sources.
      sources: (data?.sources ?? [])
        .filter((source) => sourceVisible(ctx.client.config.sources, source))
        .map(toSource),
      next_cursor: next ? encodeCursor({ next }) : null,
    };
  },
});
