import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkIdentity, deliverOne } from "../deliver.js";
import { deliveryOutput, deliverySummary, identityInput, traits } from "../shapes.js";

export const userIdentify = defineTool({
  name: "segment_user_identify",
  title: "Identify a user",
  description:
    "Ties a user to their traits (Segment identify). Returns once Segment accepted it; retries are one message.",
  input: z.object({ traits: traits.optional(), ...identityInput }),
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
      type: "identify" as const,
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
