import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkIdentity, type Draft, withMessageId } from "../deliver.js";
import { mapError } from "../errors.js";
import { checkBatchSize, checkEventName, checkEventSize } from "../messages.js";
import { context, dryRun, messageOutput, properties, timestamp, traits } from "../shapes.js";

const who = {
  user_id: z.string().min(1).max(255).optional(),
  anonymous_id: z.string().min(1).max(255).optional(),
  context: context.optional(),
  timestamp: timestamp.optional(),
};

const entry = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("track"),
    event: z.string().min(1).max(200),
    properties: properties.optional(),
    ...who,
  }),
  z.object({ type: z.literal("identify"), traits: traits.optional(), ...who }),
  z.object({
    type: z.literal("page"),
    name: z.string().min(1).max(200).optional(),
    category: z.string().min(1).max(200).optional(),
    properties: properties.optional(),
    ...who,
  }),
  z.object({
    type: z.literal("group"),
    group_id: z.string().min(1).max(255),
    traits: traits.optional(),
    ...who,
  }),
]);

type Entry = z.output<typeof entry>;

/** One failed entry's reason, as its envelope would say it. */
function reasonOf(error: unknown): string {
  return mapError(error)?.message ?? (error instanceof Error ? error.message : String(error));
}

function draftOf(e: Entry): Draft {
  const base = {
    userId: e.user_id,
    anonymousId: e.anonymous_id,
    context: e.context,
    timestamp: e.timestamp,
  };
  switch (e.type) {
    case "track":
      return { ...base, type: "track", event: e.event, properties: e.properties };
    case "identify":
      return { ...base, type: "identify", traits: e.traits };
    case "page":
      return {
        ...base,
        type: "page",
        name: e.name,
        category: e.category,
        properties: e.properties,
      };
    case "group":
      return { ...base, type: "group", groupId: e.group_id, traits: e.traits };
  }
}

export const batchSend = defineTool({
  name: "segment_batch_send",
  title: "Send a batch of messages",
  description:
    "Sends up to 500 track, identify, page and group messages in one request (32 KB each, 500 KB in all) and reports each one's outcome once Segment answered. Retries are one batch.",
  input: z.object({
    batch: z.array(entry).min(1).max(500).describe("The messages, each with its type"),
    dry_run: dryRun,
  }),
  output: z.object({
    delivered: z.number().int(),
    failed: z.number().int(),
    dry_run: z.boolean(),
    size_bytes: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        message_id: z.string(),
        type: z.string(),
        delivered: z.boolean(),
        error: z.string().nullable(),
      }),
    ),
    would_send: z.array(messageOutput).nullable().describe("In a dry run, the messages as sent"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  // Each message's id is the call's idempotency key plus its position, so Segment's dedupe makes a
  // batch that reaches it twice one set of events.
  idempotent: true,
  summary: (out) =>
    out.dry_run
      ? `Dry run: ${out.results.length} message(s) valid (${out.size_bytes} bytes); nothing sent`
      : `Segment accepted ${out.delivered} of ${out.results.length} message(s)${out.failed ? `; ${out.failed} failed` : ""}`,
  run: async ({ batch, dry_run }, ctx: ToolContext<SegmentClient>) => {
    const { config } = ctx.client;
    let total = 0;
    // Keyless batches are scoped to the minute unless every entry has its own timestamp.
    const timed = batch.every((b) => b.timestamp !== undefined);
    const messages = batch.map((e, index) => {
      const where = `batch[${index}]`;
      const draft = draftOf(e);
      checkIdentity(draft, `${where}: `);
      if (draft.type === "track" && draft.event) checkEventName(config.events, draft.event);
      const message = withMessageId(draft, ctx, index, timed);
      total += checkEventSize(message, `${where} (${e.type})`);
      return message;
    });
    checkBatchSize(total);
    const ids = messages.map((m, index) => ({ index, message_id: m.messageId, type: m.type }));
    if (dry_run || config.dryRun) {
      return {
        delivered: 0,
        failed: 0,
        dry_run: true,
        size_bytes: total,
        results: ids.map((id) => ({ ...id, delivered: false, error: null })),
        would_send: messages.map((m) => ({ ...m })),
      };
    }
    ctx.signal.throwIfAborted();
    const outcomes = await ctx.client.tracking().send(messages);
    const failures = outcomes.filter((o) => !o.delivered);
    // Nothing delivered: the batch's one failure is the answer (authentication, rate limit ...).
    const first = failures[0];
    if (first && !first.delivered && failures.length === outcomes.length) throw first.error;
    const results = ids.map((id, i) => {
      const outcome = outcomes[i];
      return {
        ...id,
        delivered: outcome?.delivered === true,
        error: outcome && !outcome.delivered ? reasonOf(outcome.error) : null,
      };
    });
    return {
      delivered: outcomes.length - failures.length,
      failed: failures.length,
      dry_run: false,
      size_bytes: total,
      results,
      would_send: null,
    };
  },
});
