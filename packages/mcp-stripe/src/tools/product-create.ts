import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { metadataInput, productOutput, toProduct } from "../shapes.js";

export const productCreate = defineTool({
  name: "stripe_product_create",
  title: "Create a product",
  description: "Creates a product to attach prices to. Safe to retry.",
  input: z.object({
    name: z.string().min(1).max(250),
    description: z.string().max(1000).optional(),
    metadata: metadataInput,
  }),
  output: productOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  summary: (p) => `Created product ${p.id} (${p.name})`,
  run: async (input, ctx: ToolContext<StripeClient>) =>
    toProduct(await ctx.client.sdk.products.create(input, { idempotencyKey: ctx.idempotencyKey })),
});
