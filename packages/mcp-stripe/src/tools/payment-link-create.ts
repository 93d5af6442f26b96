import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf, metadataInput } from "../shapes.js";

export const paymentLinkCreate = defineTool({
  name: "stripe_payment_link_create",
  title: "Create a payment link",
  description:
    "Creates a shareable checkout URL for one or more prices. Nothing is charged until someone pays.",
  input: z.object({
    line_items: z
      .array(
        z.object({
          price: idOf("price", "price"),
          quantity: z.number().int().min(1).max(10_000).default(1),
        }),
      )
      .min(1)
      .max(20),
    metadata: metadataInput,
  }),
  output: z.object({ id: z.string(), url: z.string(), active: z.boolean(), currency: z.string() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  summary: (l) => `Payment link ${l.id}: ${l.url}`,
  run: async (input, ctx: ToolContext<StripeClient>) => {
    const link = await ctx.client.sdk.paymentLinks.create(input, {
      idempotencyKey: ctx.idempotencyKey,
    });
    return { id: link.id, url: link.url, active: link.active, currency: link.currency };
  },
});
