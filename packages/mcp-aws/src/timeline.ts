import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { parseStored } from "./kv.js";

/** Timeline entries live in one partition per stream, sorted by time then id. */
export const partitionOf = (stream: string) => `timeline#${stream}`;

let lastMs = 0;

/**
 * The time of a new entry: now, but always after this process's previous entry, so entries one
 * writer appends within the same millisecond still read back in the order they were written.
 */
export function nextTimestamp(now = Date.now()): string {
  lastMs = Math.max(now, lastMs + 1);
  return new Date(lastMs).toISOString();
}

export const streamInput = z
  .string()
  .regex(/^[A-Za-z0-9._:/-]{1,200}$/, "letters, digits and . _ : / -, up to 200")
  .default("default")
  .describe("Timeline stream, e.g. a project or run name (default: default)");

export const entryOutput = z.object({
  id: z.string(),
  stream: z.string(),
  timestamp: z.string().describe("When the entry was appended (ISO 8601)"),
  kind: z.string().nullable(),
  actor: z.string().nullable(),
  message: z.string(),
  data: z.unknown().describe("JSON attached to the entry, or null"),
});

export type Entry = z.output<typeof entryOutput>;

export function toEntry(item: Record<string, AttributeValue>): Entry {
  const sk = item.sk?.S ?? "";
  return {
    id: item.id?.S ?? sk.slice(sk.lastIndexOf("#") + 1),
    stream: (item.pk?.S ?? "").replace(/^timeline#/, ""),
    timestamp: item.created_at?.S ?? sk.slice(0, sk.indexOf("#")),
    kind: item.kind?.S ?? null,
    actor: item.actor?.S ?? null,
    message: item.message?.S ?? "",
    data: item.data?.S === undefined ? null : parseStored(item.data.S),
  };
}
