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

export const containerList = defineTool({
  name: "docker_container_list",
  title: "List containers",
  description: "Lists containers (running only unless all is true), newest first. Read-only.",
  input: z.object({
    all: z.boolean().default(false).describe("Include stopped containers"),
    ...pageInput,
  }),
  output: z.object({
    containers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        image: z.string(),
        state: z.string(),
        status: z.string(),
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
  summary: (out) =>
    `${out.containers.length} container(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ all, limit, cursor }, ctx: ToolContext<DockerClient>) => {
    const { offset } = cursor ? decodeCursor(cursor, cursorState) : { offset: 0 };
    const found = await ctx.client.docker.listContainers({
      all,
      abortSignal: ctx.signal,
    } as Parameters<DockerClient["docker"]["listContainers"]>[0]);
    const sorted = [...found].sort((a, b) => b.Created - a.Created || a.Id.localeCompare(b.Id));
    return {
      containers: sorted.slice(offset, offset + limit).map((c) => ({
        id: c.Id,
        name: (c.Names?.[0] ?? "").replace(/^\//, ""),
        image: c.Image,
        state: c.State,
        status: c.Status,
        created: isoTime(c.Created),
      })),
      next_cursor: offset + limit < sorted.length ? encodeCursor({ offset: offset + limit }) : null,
    };
  },
});
