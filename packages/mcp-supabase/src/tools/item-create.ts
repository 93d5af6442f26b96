import { defineTool, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { ApiClient } from "../client.js";
import { type ApiItem, itemOutput, toItem } from "../shapes.js";

export const itemCreate = defineTool({
  name: "supabase_item_create",
  title: "Create an item",
  description: "Creates a Supabase item. Safe to retry with the same idempotency_key.",
  input: z.object({
    name: z.string().min(1).max(200).describe("The item's name"),
    // sensitive(): writeOnly in the JSON Schema, masked in logs, confirmations and audit.
    secret: sensitive(z.string().min(1).max(1000))
      .optional()
      .describe("A secret stored with the item; never echoed or logged"),
  }),
  output: itemOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // Retries run once: core replays the first result, and ctx.idempotencyKey (the caller's key or
  // one derived from the arguments) goes to the API as its own Idempotency-Key header, so even a
  // retry that reaches the API twice creates one item.
  idempotent: true,
  summary: (out) => `Created ${out.id} (${out.name})`,
  run: async ({ name, secret }, ctx: ToolContext<ApiClient>) => {
    const item = await ctx.client.request<ApiItem>("POST", "/v1/items", {
      body: { name, secret },
      headers: { "idempotency-key": ctx.idempotencyKey },
      signal: ctx.signal,
    });
    return toItem(item);
  },
});
