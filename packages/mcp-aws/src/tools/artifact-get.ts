import {
  allowedResource,
  defineTool,
  PlatformError,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { BUCKET } from "../allow-list.js";
import { artifactKey, bucketInput, isTextType, objectMeta, toObjectMeta } from "../artifacts.js";
import type { AwsClients } from "../clients.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export const artifactGet = defineTool({
  name: "aws_artifact_get",
  title: "Read an artifact",
  description:
    "Reads an object from the artifacts bucket (S3): text types as text, others as base64. Objects over the size limit are refused; use aws_artifact_url for those.",
  input: z.object({
    key: artifactKey,
    version_id: z.string().min(1).optional().describe("A specific version (versioned buckets)"),
    bucket: bucketInput,
  }),
  output: objectMeta.extend({
    encoding: z.enum(["text", "base64"]),
    content: untrustedSchema(z.string()),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `s3://${out.bucket}/${out.key}: ${out.size_bytes} bytes as ${out.encoding}`,
  run: async ({ key, version_id, bucket }, ctx: ToolContext<AwsClients>) => {
    const Bucket = allowedResource(BUCKET, ctx.client.config.buckets, bucket);
    const max = ctx.client.config.artifactMaxBytes;
    const out = await ctx.client.s3.send(
      new GetObjectCommand({ Bucket, Key: key, VersionId: version_id }),
      { abortSignal: ctx.signal },
    );
    const size = out.ContentLength ?? 0;
    if (size > max) {
      // Close the connection rather than download what will not be returned.
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new PlatformError(
        "invalid_request",
        `s3://${Bucket}/${key} is ${size.toLocaleString("en-US")} bytes, over the ${max.toLocaleString("en-US")}-byte limit for inline reads (AGENT_MESH_AWS_ARTIFACT_MAX_BYTES). Use aws_artifact_url for a presigned download URL.`,
        { details: { size_bytes: size, max_bytes: max } },
      );
    }
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    let text: string | undefined;
    if (isTextType(out.ContentType)) {
      try {
        text = utf8.decode(bytes);
      } catch {
        text = undefined; // declared text, but not UTF-8: return it intact as base64
      }
    }
    return {
      ...toObjectMeta(Bucket, key, out),
      size_bytes: bytes.length,
      encoding: text === undefined ? "base64" : "text",
      content: untrusted(text ?? Buffer.from(bytes).toString("base64")),
    } as const;
  },
});
