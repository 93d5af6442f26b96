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
import { customerOutput, nextCursor, startingAfter, toCustomer } from "../shapes.js";

export const customerList = defineTool({
  name: "stripe_customer_list",
  title: "List customers",
  description:
    "Lists customers (full objects), newest first, optionally by exact email; only those in STRIPE_CUSTOMERS when it is set.",
  input: z.object({ email: z.string().min(1).max(512).optional(), ...pageInput }),
  output: z.object({
    customers: untrustedSchema(z.array(customerOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.customers.data.length} customer(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ email, cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.customers.list({
      email,
      limit,
      starting_after: startingAfter(cursor),
    });
    // With STRIPE_CUSTOMERS set, the others are left out; the cursor still follows Stripe's page.
    const allowed = page.data.filter((c) => ctx.client.allows(c.id));
    return { customers: untrusted(allowed.map(toCustomer)), next_cursor: nextCursor(page) };
  },
});
