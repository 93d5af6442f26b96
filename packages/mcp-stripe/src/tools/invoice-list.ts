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
import { idOf, invoiceOutput, nextCursor, startingAfter, toInvoice } from "../shapes.js";

export const invoiceList = defineTool({
  name: "stripe_invoice_list",
  title: "List invoices",
  description:
    "Lists invoices, newest first, optionally of one customer or subscription, or in one status.",
  input: z.object({
    customer: idOf("cus", "customer").optional(),
    subscription: idOf("sub", "subscription").optional(),
    status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).optional(),
    ...pageInput,
  }),
  output: z.object({
    invoices: untrustedSchema(z.array(invoiceOutput)),
    next_cursor: nextCursorOutput,
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.invoices.data.length} invoice(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (
    { customer, subscription, status, cursor, limit },
    ctx: ToolContext<StripeClient>,
  ) => {
    ctx.client.scopeToCustomer(customer);
    const page = await ctx.client.sdk.invoices.list({
      customer,
      subscription,
      status,
      limit,
      starting_after: startingAfter(cursor),
    });
    return { invoices: untrusted(page.data.map(toInvoice)), next_cursor: nextCursor(page) };
  },
});
