import { createHash } from "node:crypto";
import { checkAllowList, isAllowed, PlatformError } from "@agent-mesh/core";
import { z } from "zod";

/** Refuses a source outside SEGMENT_SOURCES before any request. */
export function checkSource(allowed: readonly string[], sourceId: string): void {
  checkAllowList({ noun: "source", env: "SEGMENT_SOURCES" }, allowed, sourceId);
}

/** Whether a listed source (by id or slug) is in SEGMENT_SOURCES; an empty list allows all. */
export function sourceVisible(allowed: readonly string[], source: { id: string; slug?: string }) {
  return (
    allowed.length === 0 ||
    isAllowed(allowed, source.id) ||
    (source.slug !== undefined && isAllowed(allowed, source.slug))
  );
}

/**
 * A write key's name: a short fingerprint to tell keys apart and match them to a deployment's
 * SEGMENT_WRITE_KEY, never the key itself.
 */
export function writeKeyName(key: string): string {
  return `wk_${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
}

export const sourceId = z
  .string()
  .min(1)
  .max(100)
  .describe("The source's id (from segment_source_list)");

export const sourceOutput = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string().nullable(),
  enabled: z.boolean(),
  type: z.string().nullable().describe("The catalog source it is, e.g. Node.js or Javascript"),
  categories: z.array(z.string()),
  labels: z.array(z.string()),
});

interface ApiSource {
  id: string;
  slug: string;
  name?: string;
  enabled: boolean;
  metadata?: { name?: string; categories?: string[] };
  labels?: Array<{ key: string; value: string }>;
}

export function toSource(source: ApiSource): z.output<typeof sourceOutput> {
  return {
    id: source.id,
    slug: source.slug,
    name: source.name ?? null,
    enabled: source.enabled,
    type: source.metadata?.name ?? null,
    categories: source.metadata?.categories ?? [],
    labels: (source.labels ?? []).map((label) => `${label.key}:${label.value}`),
  };
}

/** The Public API's page size for a tool's limit and cursor. */
export function pageOf(limit: number, cursor: string | undefined) {
  return cursor === undefined ? { count: limit } : { count: limit, cursor };
}

/** Refuses a time range the Public API would refuse, before any request. */
export function checkTimeRange(start: string, end: string, granularity: "minute" | "hour" | "day") {
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (!(from < to)) {
    throw new PlatformError("invalid_request", "start_time must be before end_time.");
  }
  const maxHours = { minute: 4, hour: 14 * 24, day: 30 * 24 }[granularity];
  if (to - from > maxHours * 3_600_000) {
    throw new PlatformError(
      "invalid_request",
      `A ${granularity} granularity allows at most ${maxHours} hours between start_time and end_time; use a coarser granularity or a shorter range.`,
    );
  }
}
