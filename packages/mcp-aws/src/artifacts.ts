import { z } from "zod";

export const bucketInput = z
  .string()
  .min(3)
  .optional()
  .describe("S3 bucket (default: the first in AGENT_MESH_AWS_BUCKETS)");

export const artifactKey = z
  .string()
  .min(1)
  .max(1024)
  .refine((key) => !key.startsWith("/"), "keys do not start with /")
  .describe("Object key, e.g. reports/2026-11-21/summary.md");

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|yaml|x-yaml|javascript|x-ndjson|csv|sql|graphql|toml)\b|[^;]*\+(json|xml)\b)/i;

/** Whether an object of this content type is returned as text (else as base64). */
export const isTextType = (contentType: string | undefined) =>
  contentType !== undefined && TEXT_TYPES.test(contentType);

/** Strict base64: what Buffer.from would silently skip is refused instead. */
export function decodeBase64(content: string): Buffer | undefined {
  const compact = content.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, "base64");
}

export const objectMeta = z.object({
  bucket: z.string(),
  key: z.string(),
  size_bytes: z.number().int(),
  content_type: z.string().nullable(),
  etag: z.string().nullable(),
  version_id: z.string().nullable().describe("Set when the bucket is versioned"),
  last_modified: z.string().nullable(),
});

export const stripQuotes = (etag: string | undefined) => etag?.replace(/^"|"$/g, "") ?? null;

/** What S3 says of an object (HeadObject or GetObject output), in the tools' shape. */
export function toObjectMeta(
  bucket: string,
  key: string,
  out: {
    ContentLength?: number;
    ContentType?: string;
    ETag?: string;
    VersionId?: string;
    LastModified?: Date;
  },
): z.output<typeof objectMeta> {
  return {
    bucket,
    key,
    size_bytes: out.ContentLength ?? 0,
    content_type: out.ContentType ?? null,
    etag: stripQuotes(out.ETag),
    version_id: out.VersionId ?? null,
    last_modified: out.LastModified?.toISOString() ?? null,
  };
}
