import { defineTool, isAllowed, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";

export const storageBucketList = defineTool({
  name: "supabase_storage_bucket_list",
  title: "List Storage buckets",
  description: "Lists the Storage buckets this server may use, and whether each is public.",
  input: z.object({}),
  output: z.object({
    buckets: z.array(
      z.object({ id: z.string(), name: z.string(), public: z.boolean(), created_at: z.string() }),
    ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.buckets.length} bucket(s)`,
  run: async (_input, ctx: ToolContext<ApiClient>) => {
    const { buckets: allowed } = ctx.client.config;
    const api = ctx.client.api(ctx.signal);
    const buckets = api.unwrap(await api.sb.storage.listBuckets()) ?? [];
    return {
      buckets: buckets
        .filter((b) => allowed.length === 0 || isAllowed(allowed, b.name))
        .map((b) => ({ id: b.id, name: b.name, public: b.public, created_at: b.created_at })),
    };
  },
});
