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
import { checkSource, pageOf, sourceVisible } from "../workspace.js";

const cursorState = z.object({ next: z.string().min(1) });

interface ApiDestination {
  id: string;
  name?: string;
  enabled: boolean;
  sourceId: string;
  metadata?: { name?: string; slug?: string };
}

export const destinationList = defineTool({
  name: "segment_destination_list",
  title: "List destinations",
  description:
    "Lists where events go: the workspace's destinations, or one source's, with whether each is enabled.",
  input: z.object({
    source_id: z.string().min(1).max(100).optional().describe("Only this source's destinations"),
    ...pageInput,
  }),
  output: z.object({
    destinations: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        enabled: z.boolean(),
        source_id: z.string(),
        type: z.string().nullable().describe("The catalog destination, e.g. Amplitude"),
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
    `${out.destinations.length} destination(s), ${out.destinations.filter((d) => d.enabled).length} enabled${out.next_cursor ? "; more available" : ""}`,
  run: async ({ source_id, cursor, limit }, ctx: ToolContext<SegmentClient>) => {
    const allowed = ctx.client.config.sources;
    if (source_id !== undefined) checkSource(allowed, source_id);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, cursorState).next;
    const api = ctx.client.workspace();
    const page = pageOf(limit, after);
    const data =
      source_id === undefined
        ? (await api.destinations.listDestinations(page)).body.data
        : (await api.sources.listConnectedDestinationsFromSource(source_id, page)).body.data;
    const next = data?.pagination.next;
    const destinations = (data?.destinations ?? []) as ApiDestination[];
    return {
      // Without source_id, the allow-list filters the page (it may hold fewer than `limit`).
      destinations: destinations
        .filter((d) => sourceVisible(allowed, { id: d.sourceId }))
        .map((d) => ({
          id: d.id,
          name: d.name ?? null,
          enabled: d.enabled,
          source_id: d.sourceId,
          type: d.metadata?.name ?? null,
        })),
      next_cursor: next ? encodeCursor({ next }) : null,
    };
  },
});
