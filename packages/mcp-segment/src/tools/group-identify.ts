import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkIdentity, deliverOne } from "../deliver.js";
import { deliveryOutput, deliverySummary, identityInput, traits } from "../shapes.js";

export const groupIdentify = defineTool({
  name: "segment_group_identify",
  title: "Identify a group",
  description:
    "Ties a user to a group (company, team, account) and sets the group's traits (Segment group). Returns once Segment accepted it.",
  input: z.object({
    group_id: z.string().min(1).max(255).describe("Your id of the group (groupId)"),
    traits: traits.optional().describe("Traits of the group (JSON): name, industry, plan ..."),
    ...identityInput,
  }),
  output: deliveryOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  // messageId is ctx.idempotencyKey: Segment dedupes a retry that reaches it twice.
  idempotent: true,
  summary: deliverySummary,
  run: async (input, ctx: ToolContext<SegmentClient>) => {
    const draft = {
      type: "group" as const,
      groupId: input.group_id,
      userId: input.user_id,
      anonymousId: input.anonymous_id,
      traits: input.traits,
      context: input.context,
      timestamp: input.timestamp,
    };
    checkIdentity(draft);
    return deliverOne(draft, input.dry_run, ctx);
  },
});
