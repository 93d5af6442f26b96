import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { StripeClient } from "../client.js";
import { money } from "../money.js";

const funds = z.array(
  z.object({ amount: z.number().int(), currency: z.string(), display: z.string() }),
);

export const balanceGet = defineTool({
  name: "stripe_balance_get",
  title: "Get the balance",
  description: "Reads the account balance: available and pending funds per currency.",
  input: z.object({}),
  output: z.object({ available: funds, pending: funds, livemode: z.boolean() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (b) => `Available: ${b.available.map((f) => f.display).join(", ") || "nothing"}`,
  run: async (_input, ctx: ToolContext<StripeClient>) => {
    const balance = await ctx.client.sdk.balance.retrieve();
    const show = (list: Array<{ amount: number; currency: string }>) =>
      list.map((f) => ({
        amount: f.amount,
        currency: f.currency,
        display: money(f.amount, f.currency),
      }));
    return {
      available: show(balance.available),
      pending: show(balance.pending),
      livemode: balance.livemode,
    };
  },
});
