import {
  checkAllowList,
  decodeCursor,
  defineTool,
  encodeCursor,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";

const cursorState = z.object({ offset: z.number().int().min(0) });

export const storageObjectList = defineTool({
  name: "supabase_storage_object_list",
  title: "List Storage objects",
  description:
    "Lists the objects and sub-folders directly under a prefix of a Storage bucket, by name.",
  input: z.object({
    bucket: z.string().min(1).max(100),
    prefix: z.string().max(1024).default("").describe("Folder path, e.g. 2026/ ; default the root"),
    ...pageInput,
  }),
  output: z.object({
    objects: untrustedSchema(
      z.array(
        z.object({
          name: z.string(),
          folder: z.boolean(),
          size: z.number().nullable(),
          mimetype: z.string().nullable(),
          updated_at: z.string().nullable(),
        }),
      ),
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
    `${out.objects.data.length} entr${out.objects.data.length === 1 ? "y" : "ies"}${out.next_cursor ? "; more available" : ""}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    checkAllowList(
      { noun: "bucket", env: "SUPABASE_BUCKETS" },
      ctx.client.config.buckets,
      input.bucket,
    );
    const offset = input.cursor ? decodeCursor(input.cursor, cursorState).offset : 0;
    const api = ctx.client.api(ctx.signal);
    // One more than asked, to know whether another page exists without a count.
    const found =
      api.unwrap(
        await api.sb.storage.from(input.bucket).list(input.prefix, {
          limit: input.limit + 1,
          offset,
          sortBy: { column: "name", order: "asc" },
        }),
      ) ?? [];
    const page = found.slice(0, input.limit);
    return {
      objects: untrusted(
        page.map((o) => {
          const meta = (o.metadata ?? {}) as { size?: number; mimetype?: string };
          return {
            name: o.name,
            folder: o.id === null,
            size: typeof meta.size === "number" ? meta.size : null,
            mimetype: typeof meta.mimetype === "string" ? meta.mimetype : null,
            updated_at: o.updated_at ?? null,
          };
        }),
      ),
      next_cursor:
        found.length > input.limit ? encodeCursor({ offset: offset + input.limit }) : null,
    };
  },
});
