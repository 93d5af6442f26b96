import { allowedResource, defineTool, type ToolContext } from "@agent-mesh/core";
import { DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { BUCKET } from "../allow-list.js";
import { artifactKey, bucketInput } from "../artifacts.js";
import type { AwsClients } from "../clients.js";

export const artifactDelete = defineTool({
  name: "aws_artifact_delete",
  title: "Delete an artifact",
  description:
    "Deletes an object from the artifacts bucket (S3); in a versioned bucket older versions remain. Needs the user's confirmation.",
  input: z.object({ key: artifactKey, bucket: bucketInput }),
  output: z.object({
    bucket: z.string(),
    key: z.string(),
    deleted: z.boolean().describe("false when there was no such object"),
    delete_marker: z
      .boolean()
      .describe("true when a versioned bucket kept the data behind a delete marker"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    // Resolving the bucket here refuses one outside the allow-list before anyone is asked.
    message: ({ key, bucket }, client: AwsClients) =>
      `Delete the artifact s3://${allowedResource(BUCKET, client.config.buckets, bucket)}/${key}.`,
  },
  summary: (out) => `s3://${out.bucket}/${out.key}: ${out.deleted ? "deleted" : "did not exist"}`,
  run: async ({ key, bucket }, ctx: ToolContext<AwsClients>) => {
    const Bucket = allowedResource(BUCKET, ctx.client.config.buckets, bucket);
    const exists = await ctx.client.s3
      .send(new HeadObjectCommand({ Bucket, Key: key }), { abortSignal: ctx.signal })
      .then(
        () => true,
        (err: { name?: string }) => {
          if (err.name === "NotFound" || err.name === "NoSuchKey") return false;
          throw err;
        },
      );
    if (!exists) return { bucket: Bucket, key, deleted: false, delete_marker: false };
    const out = await ctx.client.s3.send(new DeleteObjectCommand({ Bucket, Key: key }), {
      abortSignal: ctx.signal,
    });
    return { bucket: Bucket, key, deleted: true, delete_marker: out.DeleteMarker === true };
  },
});
