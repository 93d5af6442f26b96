import { z } from "zod";

/**
 * Schemas more than one tool uses. Inputs follow Segment's spec (userId, anonymousId, traits ...)
 * in the snake case every agent-mesh tool uses.
 */
export const userId = z
  .string()
  .min(1)
  .max(255)
  .describe("Your database's id of the user (userId); give it or anonymous_id");
export const anonymousId = z
  .string()
  .min(1)
  .max(255)
  .describe("A pseudo-unique id of an unknown user (anonymousId)");
export const jsonObject = z.record(z.string(), z.json());
export const properties = jsonObject.describe("Properties of the event (JSON)");
export const traits = jsonObject.describe("Traits to set (JSON): email, name, plan ...");
export const context = jsonObject.describe(
  "Extra context (JSON): ip, locale, userAgent, campaign ... (Segment's context object)",
);
export const timestamp = z.iso
  .datetime({ offset: true })
  .describe("When it happened, ISO 8601 (2026-11-21T10:00:00Z); default now");
export const dryRun = z
  .boolean()
  .default(false)
  .describe("Validate and show what would be sent, without sending");

/** A message as it would be sent (Segment's own field names), shown by dry runs. */
export const messageOutput = z.record(z.string(), z.unknown());

/** The fields every single-message tool takes besides its own. */
export const identityInput = {
  user_id: userId.optional(),
  anonymous_id: anonymousId.optional(),
  context: context.optional(),
  timestamp: timestamp.optional(),
  dry_run: dryRun,
};

/** What every single-message tool answers. */
export const deliveryOutput = z.object({
  message_id: z.string().describe("Segment dedupes on it: a retry with the same key is one event"),
  type: z.enum(["track", "identify", "page", "group", "alias"]),
  delivered: z.boolean().describe("True once Segment accepted it; false in a dry run"),
  dry_run: z.boolean(),
  size_bytes: z.number().int(),
  would_send: messageOutput.nullable().describe("In a dry run, the message as it would be sent"),
});

export type DeliveryOutput = z.output<typeof deliveryOutput>;

export function deliverySummary(out: DeliveryOutput): string {
  return out.dry_run
    ? `Dry run: ${out.type} ${out.message_id} is valid (${out.size_bytes} bytes); nothing sent`
    : `Segment accepted ${out.type} ${out.message_id}`;
}
