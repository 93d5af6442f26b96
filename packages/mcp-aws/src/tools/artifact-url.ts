import { allowedResource, defineTool, type ToolContext } from "@agent-mesh/core";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { z } from "zod";
import { BUCKET } from "../allow-list.js";
import { artifactKey, bucketInput, objectMeta, toObjectMeta } from "../artifacts.js";
import type { AwsClients } from "../clients.js";

export const artifactUrl = defineTool({
  name: "aws_artifact_url",
  title: "Presigned artifact URL",
  description:
    "Returns a time-limited HTTPS download URL for an object in the artifacts bucket (S3), after checking that it exists.",
  input: z.object({
    key: artifactKey,
    expires_in_seconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(900)
      .describe("Lifetime of the URL (60 s to 7 days; default 15 minutes)"),
    bucket: bucketInput,
  }),
  output: objectMeta.extend({
    url: z.string().describe("Anyone holding it can download the object until expires_at"),
    expires_at: z.string(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  summary: (out) => `URL for s3://${out.bucket}/${out.key}, valid until ${out.expires_at}`,
  run: async ({ key, expires_in_seconds, bucket }, ctx: ToolContext<AwsClients>) => {
    const Bucket = allowedResource(BUCKET, ctx.client.config.buckets, bucket);
    const head = await ctx.client.s3.send(new HeadObjectCommand({ Bucket, Key: key }), {
      abortSignal: ctx.signal,
    });
    const url = await getSignedUrl(ctx.client.s3, new GetObjectCommand({ Bucket, Key: key }), {
      expiresIn: expires_in_seconds,
    });
    return {
      ...toObjectMeta(Bucket, key, head),
      url,
      expires_at: new Date(Date.now() + expires_in_seconds * 1000).toISOString(),
    };
  },
});
