import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkIdentity, deliverOne } from "../deliver.js";
import { checkEventName } from "../messages.js";
import { deliveryOutput, deliverySummary, identityInput, properties } from "../shapes.js";

export const eventTrack = defineTool({
  name: "segment_event_track",
  title: "Track an event",
  description:
    "Records what a user did (Segment track). Returns once Segment accepted it; a retry with the same arguments or idempotency_key is one event.",
  input: z.object({
    event: z.string().min(1).max(200).describe("The action, e.g. Order Completed"),
    properties: properties.optional(),
    ...identityInput,
  }),
  output: deliveryOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  // messageId is ctx.idempotencyKey, so Segment's own dedupe makes a retry that reaches it twice
  // (another replica, after a restart) one event; core replays the first result before that.
  idempotent: true,
  summary: deliverySummary,
  run: async (input, ctx: ToolContext<SegmentClient>) => {
    const draft = {
      type: "track" as const,
      event: input.event,
      userId: input.user_id,
      anonymousId: input.anonymous_id,
      properties: input.properties,
      context: input.context,
      timestamp: input.timestamp,
    };
    checkIdentity(draft);
    checkEventName(ctx.client.config.events, input.event);
    return deliverOne(draft, input.dry_run, ctx);
  },
});
