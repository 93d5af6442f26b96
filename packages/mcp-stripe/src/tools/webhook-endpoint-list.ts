import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { nextCursor, startingAfter, toWebhook, webhookOutput } from "../shapes.js";

export const webhookEndpointList = defineTool({
  name: "stripe_webhook_endpoint_list",
  title: "List webhook endpoints",
  description: "Lists webhook endpoints and the events each receives (never their secrets).",
  input: z.object({ ...pageInput }),
  output: z.object({ webhook_endpoints: z.array(webhookOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.webhook_endpoints.length} webhook endpoint(s)${out.next_cursor ? "; more available" : ""}`,
  run: async ({ cursor, limit }, ctx: ToolContext<StripeClient>) => {
    const page = await ctx.client.sdk.webhookEndpoints.list({
      limit,
      starting_after: startingAfter(cursor),
    });
    return { webhook_endpoints: page.data.map(toWebhook), next_cursor: nextCursor(page) };
  },
});
