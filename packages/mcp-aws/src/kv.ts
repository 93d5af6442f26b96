import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { z } from "zod";

/** Key-value memory lives in one partition of the agent table, one item per key. */
export const KV_PARTITION = "kv";
/** DynamoDB's item limit, attribute names included. */
export const MAX_ITEM_BYTES = 400 * 1024;

export type Item = Record<string, AttributeValue>;

export const keyInput = z
  .string()
  .min(1)
  .max(1024)
  .describe("Key, up to 1024 bytes; use prefixes such as project/topic/name to group keys");

export const tableInput = z
  .string()
  .min(3)
  .optional()
  .describe("DynamoDB table (default: the first in AGENT_MESH_AWS_TABLES)");

export const keyOf = (key: string): Item => ({ pk: { S: KV_PARTITION }, sk: { S: key } });

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** True when the item's TTL has passed, even if DynamoDB's sweeper has not deleted it yet. */
export function isExpired(item: Item, now = nowSeconds()): boolean {
  const at = item.expires_at?.N;
  return at !== undefined && Number(at) <= now;
}

/** Parses stored JSON text; text that is not JSON (written by something else) comes back as is. */
export function parseStored(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Records the item's size on the item itself, so listings need not read values to report it. */
export function withSize(item: Item): Item {
  const base = itemSize(item) + Buffer.byteLength("size_bytes");
  const total = base + Math.ceil(String(base).length / 2) + 1;
  return { ...item, size_bytes: { N: String(total) } };
}

export const isoOrNull = (seconds: string | undefined) =>
  seconds === undefined ? null : new Date(Number(seconds) * 1000).toISOString();

/** An item's size as DynamoDB counts it: names plus values (strings in UTF-8, numbers ~21 bytes max). */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name);
    if (value.S !== undefined) size += Buffer.byteLength(value.S);
    else if (value.N !== undefined) size += Math.ceil(value.N.replace(/^-/, "").length / 2) + 1;
  }
  return size;
}

export const itemMeta = z.object({
  key: z.string(),
  updated_at: z.string().nullable().describe("When the value was last set (ISO 8601)"),
  expires_at: z.string().nullable().describe("When the value expires (ISO 8601); null if never"),
  size_bytes: z.number().int().describe("Stored item size as DynamoDB counts it"),
});

export function toMeta(item: Item): z.output<typeof itemMeta> {
  return {
    key: item.sk?.S ?? "",
    updated_at: item.updated_at?.S ?? null,
    expires_at: isoOrNull(item.expires_at?.N),
    size_bytes: item.size_bytes?.N === undefined ? itemSize(item) : Number(item.size_bytes.N),
  };
}
