import { checkAllowList, hashOf, PlatformError } from "@agent-mesh/core";

type Json = Record<string, unknown>;

/** One Segment message as the library takes it (its own field names), with its type. */
export interface Message {
  type: "track" | "identify" | "page" | "group" | "alias";
  messageId: string;
  userId?: string | undefined;
  anonymousId?: string | undefined;
  event?: string | undefined;
  name?: string | undefined;
  category?: string | undefined;
  groupId?: string | undefined;
  previousId?: string | undefined;
  properties?: Json | undefined;
  traits?: Json | undefined;
  context?: Json | undefined;
  timestamp?: string | undefined;
}

/** Segment's limits (segment.com/docs/connections/sources/catalog/libraries/server/http-api). */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

/** What the library adds to every message (context.library, _metadata), counted in its size. */
const LIBRARY_BYTES = Buffer.byteLength(
  JSON.stringify({
    context: { library: { name: "@segment/analytics-node", version: "3.1.0" } },
    _metadata: { nodeVersion: process.version, jsRuntime: "node" },
    integrations: {},
  }),
);

/** The message's size as sent, in bytes. */
export function sizeOf(message: Message): number {
  return Buffer.byteLength(JSON.stringify(message)) + LIBRARY_BYTES;
}

/** Refuses, before anything is sent, a message over Segment's 32 KB, naming its size. */
export function checkEventSize(message: Message, where = "The event"): number {
  const bytes = sizeOf(message);
  if (bytes > MAX_EVENT_BYTES) {
    throw new PlatformError(
      "invalid_request",
      `${where} is ${bytes} bytes as JSON; Segment accepts at most ${MAX_EVENT_BYTES} bytes (32 KB) per event. Send fewer or smaller properties or traits.`,
      { details: { size_bytes: bytes, limit_bytes: MAX_EVENT_BYTES } },
    );
  }
  return bytes;
}

/** Refuses a batch over Segment's 500 KB, naming its size. */
export function checkBatchSize(bytes: number): void {
  if (bytes > MAX_BATCH_BYTES) {
    throw new PlatformError(
      "invalid_request",
      `The batch is ${bytes} bytes as JSON; Segment accepts at most ${MAX_BATCH_BYTES} bytes (500 KB) per batch. Split it into smaller batches.`,
      { details: { size_bytes: bytes, limit_bytes: MAX_BATCH_BYTES } },
    );
  }
}

/** Refuses an event name outside SEGMENT_EVENTS before anything is sent. */
export function checkEventName(allowed: readonly string[], event: string): void {
  checkAllowList({ noun: "event", env: "SEGMENT_EVENTS" }, allowed, event);
}

/**
 * The messageId Segment dedupes on: the call's idempotency key (the caller's, or one derived from
 * the arguments), so a retried call is one event; a batch entry's adds its position. Long keys
 * are hashed to stay within Segment's 100 characters.
 */
export function messageIdFor(key: string, index?: number): string {
  const id = index === undefined ? key : `${key}-${index}`;
  return id.length <= 100 ? id : hashOf(id);
}

/** A message with the fields that are undefined left out, as it goes into the batch. */
export function compact(message: Message): Message {
  return Object.fromEntries(
    Object.entries(message).filter(([, value]) => value !== undefined),
  ) as unknown as Message;
}
