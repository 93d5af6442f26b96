import {
  defineTool,
  nextCursorOutput,
  pageInput,
  type ToolContext,
  untrusted,
  untrustedSchema,
} from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { eventOutput, nextCursor, startingAfter, toEvent } from "../shapes.js";

export const eventList = defineTool({
  name: "stripe_event_list",
  title: "List recent events",
  description:
    "Lists recent events (what happened: payment_intent.succeeded, charge.refunded, ...), newest first, to check the effect of earlier calls.",
  input: z.object({
    type: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_*]+)+$/, {
        error: "an event type such as charge.refunded, or a prefix such as payment_intent.*",
      })
      .max(100)
      .optional(),
    ...pageInput,
  }),
  output: z.object({
    events: untrustedSchema(z.array(eventOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.events.data.length} event(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ type, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.events.list({
      type,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { events: untrusted(page.data.map(toEvent)), next_cursor: nextCursor(page) };
  },
});
