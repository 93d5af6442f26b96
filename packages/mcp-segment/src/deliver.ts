import { hashOf, PlatformError, type ToolContext } from "@agent-mesh/core";
import type { SegmentClient } from "./client.js";
import { checkEventSize, compact, type Message, messageIdFor } from "./messages.js";
import type { DeliveryOutput } from "./shapes.js";

/** The message fields a single-message tool fills, besides its id. */
export type Draft = Omit<Message, "messageId">;

/** Refuses a message with neither user_id nor anonymous_id, as Segment does. */
export function checkIdentity(draft: Pick<Message, "userId" | "anonymousId">, where = ""): void {
  if (draft.userId === undefined && draft.anonymousId === undefined) {
    throw new PlatformError(
      "invalid_request",
      `${where}Give user_id or anonymous_id: Segment needs one to know who this is about.`,
    );
  }
}

/**
 * The message with its id from the call's idempotency key, without undefined fields. Segment
 * remembers a messageId far longer than core remembers a keyless call (60 s), so a key derived
 * from arguments without a timestamp is scoped to the minute: identical keyless calls are one
 * event within a minute (a retry storm), and a day's repeat of the same call is a new event, not
 * one Segment drops while the tool said delivered.
 */
export function withMessageId(
  draft: Draft,
  ctx: Pick<ToolContext, "idempotencyKey" | "idempotencyKeySource">,
  index?: number,
  timed = draft.timestamp !== undefined,
  now = Date.now(),
): Message {
  const key = ctx.idempotencyKey;
  if (key === undefined) throw new Error("tracking tools are idempotent: core gives them a key");
  const scoped =
    ctx.idempotencyKeySource === "derived" && !timed ? hashOf(key, Math.floor(now / 60_000)) : key;
  return compact({ ...draft, messageId: messageIdFor(scoped, index) });
}

/**
 * Sends one message and answers once Segment accepted it: checks its size first, honours the
 * dry-run switch (the call's or SEGMENT_DRY_RUN), and throws Segment's refusal as an error.
 */
export async function deliverOne(
  draft: Draft,
  dryRun: boolean,
  ctx: ToolContext<SegmentClient>,
): Promise<DeliveryOutput> {
  const message = withMessageId(draft, ctx);
  const size = checkEventSize(message);
  const dry = dryRun || ctx.client.config.dryRun;
  const base = { message_id: message.messageId, type: message.type, size_bytes: size };
  if (dry) {
    return { ...base, delivered: false, dry_run: true, would_send: { ...message } };
  }
  ctx.signal.throwIfAborted();
  const [outcome] = await ctx.client.tracking().send([message]);
  if (!outcome?.delivered) throw outcome?.error ?? new Error("no outcome for the message");
  return { ...base, delivered: true, dry_run: false, would_send: null };
}
