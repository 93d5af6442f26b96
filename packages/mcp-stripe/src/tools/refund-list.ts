import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, nextCursor, refundOutput, startingAfter, toRefund } from "../shapes.js";

export const refundList = defineTool({
  name: "stripe_refund_list",
  title: "List refunds",
  description: "Lists refunds, newest first, optionally of one PaymentIntent.",
  input: z.object({ payment_intent: idOf("pi", "PaymentIntent").optional(), ...pageInput }),
  output: z.object({ refunds: z.array(refundOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.refunds.length} refund(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ payment_intent, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.refunds.list({
      payment_intent,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { refunds: page.data.map(toRefund), next_cursor: nextCursor(page) };
  },
});
