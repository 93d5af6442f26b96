import { defineTool, sensitive, type ToolContext } from "@agent-mesh/core";
import type Stripe from "stripe";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { toWebhook, webhookOutput } from "../shapes.js";

export const webhookEndpointCreate = defineTool({
  name: "stripe_webhook_endpoint_create",
  title: "Create a webhook endpoint",
  description:
    "Registers a URL for Stripe events (needs confirmation). Returns the signing secret once (marked sensitive): store it now, e.g. as the gateway's STRIPE_WEBHOOK_SECRET.",
  input: z.object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe("Where Stripe POSTs events (https in live mode)"),
    enabled_events: z
      .array(
        z
          .string()
          .regex(/^(\*|[a-z_]+(\.[a-z_]+)+)$/, {
            error: "an event type such as payment_intent.succeeded, or *",
          })
          .max(100),
      )
      .min(1)
      .max(100),
    description: z.string().max(500).optional(),
  }),
  output: webhookOutput.extend({
    secret: sensitive(z.string()).describe(
      "whsec_... signing secret; shown only here, never logged or audited",
    ),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  idempotent: true,
  // Events carry customer and payment data: a URL an injected prompt chose would leak them.
  confirm: {
    message: ({ url, enabled_events }, client: StripeClient) =>
      `${client.mode}Send Stripe events (${enabled_events.join(", ")}) to ${url}: they include customer and payment details.`,
  },
  summary: (w) =>
    `Webhook endpoint ${w.id} for ${w.url} (${w.enabled_events.length} event type(s)); signing secret returned once`,
  run: async (input, ctx: ToolContext<StripeClient>) => {
    const endpoint = await ctx.client.sdk.webhookEndpoints.create(
      // Event names are checked by pattern here and by Stripe against its list.
      input as Stripe.WebhookEndpointCreateParams,
      {
        idempotencyKey: ctx.idempotencyKey,
      },
    );
    return { ...toWebhook(endpoint), secret: endpoint.secret ?? "" };
  },
});
