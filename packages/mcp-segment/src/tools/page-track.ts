import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { SegmentClient } from "../client.js";
import { checkIdentity, deliverOne } from "../deliver.js";
import { deliveryOutput, deliverySummary, identityInput, properties } from "../shapes.js";

export const pageTrack = defineTool({
  name: "segment_page_track",
  title: "Track a page view",
  description:
    "Records that a user viewed a page (Segment page). Returns once Segment accepted it; retries are one message.",
  input: z.object({
    name: z.string().min(1).max(200).optional().describe("The page's name, e.g. Pricing"),
    category: z.string().min(1).max(200).optional().describe("The page's category, e.g. Docs"),
    properties: properties.optional().describe("url, path, title, referrer ... (JSON)"),
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
      type: "page" as const,
      name: input.name,
      category: input.category,
      userId: input.user_id,
      anonymousId: input.anonymous_id,
      properties: input.properties,
      context: input.context,
      timestamp: input.timestamp,
    };
    checkIdentity(draft);
    return deliverOne(draft, input.dry_run, ctx);
  },
});
