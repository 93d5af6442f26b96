import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { deliverOne } from "../deliver.js";
import { context, deliveryOutput, deliverySummary, dryRun, timestamp, userId } from "../shapes.js";

export const userAlias = defineTool({
  name: "segment_user_alias",
  title: "Alias a user",
  description:
    "Merges two identities of one user (Segment alias): previous_id becomes user_id. Irreversible in destinations such as Mixpanel; needs the user's confirmation.",
  input: z.object({
    user_id: userId.describe("The user's new id (userId)"),
    previous_id: z
      .string()
      .min(1)
      .max(255)
      .describe("The id the user had before: an anonymousId or an old userId (previousId)"),
    context: context.optional(),
    timestamp: timestamp.optional(),
    dry_run: dryRun,
  }),
  output: deliveryOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  // Confirmed: destinations merge the two profiles for good, and Segment has no un-alias.
  confirm: {
    message: ({ user_id, previous_id, dry_run }) =>
      dry_run
        ? `Show (without sending) a Segment alias of ${previous_id} to ${user_id}.`
        : `Merge Segment identity ${previous_id} into user ${user_id}; destinations that merge profiles cannot undo it.`,
  },
  // messageId is ctx.idempotencyKey: Segment dedupes a retry that reaches it twice.
  idempotent: true,
  summary: deliverySummary,
  run: async (input, ctx: ToolContext<SegmentClient>) =>
    deliverOne(
      {
        type: "alias",
        userId: input.user_id,
        previousId: input.previous_id,
        context: input.context,
        timestamp: input.timestamp,
      },
      input.dry_run,
      ctx,
    ),
});
