import { checkAllowList, defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";

export const storageSignedUrlCreate = defineTool({
  name: "supabase_storage_signed_url_create",
  title: "Sign a Storage URL",
  description: "Creates a time-limited signed URL that downloads one object of a Storage bucket.",
  input: z.object({
    bucket: z.string().min(1).max(100),
    path: z.string().min(1).max(1024).describe("Object path inside the bucket"),
    expires_in: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(3600)
      .describe("Seconds the URL stays valid (default 3600, at most 7 days)"),
  }),
  output: z.object({ signed_url: z.string(), expires_at: z.string() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  summary: (out) => `Signed URL valid until ${out.expires_at}`,
  run: async (input, ctx: ToolContext<ApiClient>) => {
    checkAllowList(
      { noun: "bucket", env: "SUPABASE_BUCKETS" },
      ctx.client.config.buckets,
      input.bucket,
    );
    const api = ctx.client.api(ctx.signal);
    const data = api.unwrap(
      await api.sb.storage.from(input.bucket).createSignedUrl(input.path, input.expires_in),
    );
    if (!data) throw new Error("Storage answered without a signed URL");
    return {
      signed_url: data.signedUrl,
      expires_at: new Date(Date.now() + input.expires_in * 1000).toISOString(),
    };
  },
});
