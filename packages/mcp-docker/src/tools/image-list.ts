import {
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { z } from "zod";
import type { DockerClient } from "../client.js";
import { isoTime } from "../shapes.js";

const cursorState = z.object({ offset: z.number().int().min(0) });

export const imageList = defineTool({
  name: "docker_image_list",
  title: "List local images",
  description: "Lists the engine's local images, newest first, optionally filtered by reference.",
  input: z.object({
    reference: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe("Only images whose reference matches, as docker's filter (team/app, team/*:1.*)"),
    dangling: z.boolean().optional().describe("true: only untagged images; false: only tagged"),
    ...pageInput,
  }),
  output: z.object({
    images: z.array(
      z.object({
        id: z.string(),
        tags: z.array(z.string()),
        digests: z.array(z.string()),
        size: z.number().int(),
        created: z.string().nullable(),
      }),
    ),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  summary: (out) => `${out.images.length} image(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ reference, dangling, limit, cursor }, ctx: ToolContext<DockerClient>) => {
    const { offset } = cursor ? decodeCursor(cursor, cursorState) : { offset: 0 };
    const filters: Record<string, string[]> = {};
    if (reference) filters.reference = [reference];
    if (dangling !== undefined) filters.dangling = [String(dangling)];
    // The Engine API has no pagination: the engine answers every image, we page them stably.
    const all = await ctx.client.docker.listImages({
      filters: JSON.stringify(filters),
      abortSignal: ctx.signal,
    } as Parameters<DockerClient["docker"]["listImages"]>[0]);
    const sorted = [...all].sort((a, b) => b.Created - a.Created || a.Id.localeCompare(b.Id));
    const page = sorted.slice(offset, offset + limit);
    return {
      images: page.map((image) => ({
        id: image.Id,
        tags: (image.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>"),
        digests: (image.RepoDigests ?? []).filter((digest) => !digest.startsWith("<none>")),
        size: image.Size,
        created: isoTime(image.Created),
      })),
      next_cursor: offset + limit < sorted.length ? encodeCursor({ offset: offset + limit }) : null,
    };
  },
});
