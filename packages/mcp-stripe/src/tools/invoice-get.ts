import { defineTool, type ToolContext, untrusted } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, toInvoice, untrustedInvoice } from "../shapes.js";

export const invoiceGet = defineTool({
  name: "stripe_invoice_get",
  title: "Get an invoice",
  description: "Reads one invoice: amounts due and paid, status, hosted URL.",
  input: z.object({ invoice: idOf("in", "invoice") }),
  output: z.object({ invoice: untrustedInvoice }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `Invoice ${out.invoice.data.id}: ${out.invoice.data.total_display}, ${out.invoice.data.status}`,
  run: async ({ invoice }, ctx: ToolContext<StripeClient>) => {
    const found = toInvoice(await ctx.client.sdk.invoices.retrieve(invoice));
    ctx.client.checkCustomer(found.customer);
    return { invoice: untrusted(found) };
  },
});
