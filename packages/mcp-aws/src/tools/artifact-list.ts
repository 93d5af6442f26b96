import {
  allowedResource,
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
} from "@agent-mesh/core";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { z } from "zod";
import { BUCKET } from "../allow-list.js";
import { bucketInput, stripQuotes } from "../artifacts.js";
import type { AwsClients } from "../clients.js";
import { cursorFor, tokenFrom } from "../cursor.js";

export const artifactList = defineTool({
  name: "aws_artifact_list",
  title: "List artifacts",
  description:
    "Lists objects in the artifacts bucket (S3) in key order, optionally under a prefix; with delimiter / it lists one folder level.",
  input: z.object({
    prefix: z.string().max(1024).optional().describe("Only keys starting with this, e.g. reports/"),
    delimiter: z.literal("/").optional().describe("Group deeper keys into folders"),
    bucket: bucketInput,
    ...pageInput,
  }),
  output: z.object({
    bucket: z.string(),
    artifacts: z.array(
      z.object({
        key: z.string(),
        size_bytes: z.number().int(),
        last_modified: z.string().nullable(),
        etag: z.string().nullable(),
      }),
    ),
    folders: z.array(z.string()).describe("Common prefixes, with delimiter /"),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.artifacts.length} artifact(s)${out.folders.length ? `, ${out.folders.length} folder(s)` : ""}${out.next_cursor ? "; more available" : ""}`,
  run: async ({ prefix, delimiter, bucket, cursor, limit }, ctx: ToolContext<AwsClients>) => {
    const Bucket = allowedResource(BUCKET, ctx.client.config.buckets, bucket);
    const page = await ctx.client.s3.send(
      new ListObjectsV2Command({
        Bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        MaxKeys: limit,
        ContinuationToken: tokenFrom(cursor),
      }),
      { abortSignal: ctx.signal },
    );
    return {
      bucket: Bucket,
      artifacts: (page.Contents ?? []).map((o) => ({
        key: o.Key ?? "",
        size_bytes: o.Size ?? 0,
        last_modified: o.LastModified?.toISOString() ?? null,
        etag: stripQuotes(o.ETag),
      })),
      folders: (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""),
      next_cursor: page.IsTruncated ? cursorFor(page.NextContinuationToken) : null,
    };
  },
});
