import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { idOf } from "../shapes.js";

export const webhookEndpointDelete = defineTool({
  name: "stripe_webhook_endpoint_delete",
  title: "Delete a webhook endpoint",
  description: "Deletes a webhook endpoint; Stripe stops sending it events. Needs confirmation.",
  input: z.object({ webhook_endpoint: idOf("we", "webhook endpoint") }),
  output: z.object({ id: z.string(), deleted: z.boolean() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: ({ webhook_endpoint }, client: StripeClient) =>
      `${client.mode}Delete webhook endpoint ${webhook_endpoint}: it receives no more Stripe events, and its signing secret stops working.`,
  },
  summary: (out) => `Deleted webhook endpoint ${out.id}`,
  run: async ({ webhook_endpoint }, ctx: ToolContext<StripeClient>) => {
    const gone = await ctx.client.sdk.webhookEndpoints.del(webhook_endpoint);
    return { id: gone.id, deleted: gone.deleted };
  },
});
