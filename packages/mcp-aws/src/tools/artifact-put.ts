import {
  allowedResource,
  defineTool,
  headerValue,
  PlatformError,
  type ToolContext,
} from "@agent-mesh/core";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { BUCKET } from "../allow-list.js";
import { artifactKey, bucketInput, decodeBase64, objectMeta, stripQuotes } from "../artifacts.js";
import type { AwsClients } from "../clients.js";

/** Characters of content one call may send (the HTTP body of a call is at most 4 MB). */
const MAX_CONTENT_CHARS = 3 * 1024 * 1024;

export const artifactPut = defineTool({
  name: "aws_artifact_put",
  title: "Store an artifact",
  description:
    "Writes an object to the artifacts bucket (S3): text as is, or binary as base64. Replaces an object with the same key (a versioned bucket keeps the old one).",
  input: z.object({
    key: artifactKey,
    content: z
      .string()
      .max(MAX_CONTENT_CHARS)
      .describe("The content: text, or base64 when encoding is base64"),
    encoding: z.enum(["text", "base64"]).default("text"),
    content_type: headerValue(255)
      .min(3)
      .optional()
      .describe(
        "MIME type (default text/plain; charset=utf-8 for text, application/octet-stream for base64)",
      ),
    metadata: z
      .record(
        z.string().regex(/^[a-z0-9-]{1,64}$/, "lower-case letters, digits and -"),
        headerValue(1024),
      )
      .optional()
      .describe("User metadata stored with the object (x-amz-meta-*)"),
    bucket: bucketInput,
  }),
  output: objectMeta,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: false,
  noConfirmReason:
    "Writing artifacts is its purpose, only in buckets the operator allow-listed (AGENT_MESH_AWS_BUCKETS); it replaces at most one object, which a versioned bucket keeps as an older version.",
  summary: (out) => `Stored s3://${out.bucket}/${out.key} (${out.size_bytes} bytes)`,
  run: async (input, ctx: ToolContext<AwsClients>) => {
    const Bucket = allowedResource(BUCKET, ctx.client.config.buckets, input.bucket);
    const body =
      input.encoding === "text" ? Buffer.from(input.content, "utf8") : decodeBase64(input.content);
    if (body === undefined) {
      throw new PlatformError(
        "invalid_request",
        "content is not valid base64; send binary content base64-encoded, or set encoding to text",
      );
    }
    const contentType =
      input.content_type ??
      (input.encoding === "text" ? "text/plain; charset=utf-8" : "application/octet-stream");
    const out = await ctx.client.s3.send(
      new PutObjectCommand({
        Bucket,
        Key: input.key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        Metadata: input.metadata,
      }),
      { abortSignal: ctx.signal },
    );
    return {
      bucket: Bucket,
      key: input.key,
      size_bytes: body.length,
      content_type: contentType,
      etag: stripQuotes(out.ETag),
      version_id: out.VersionId ?? null,
      last_modified: new Date().toISOString(),
    };
  },
});
