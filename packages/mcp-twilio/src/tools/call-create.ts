import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { allowedSender, checkRecipient, MESSAGING_SERVICE } from "../safety.js";
import { callOutput, callSummary, toCall } from "../shapes.js";

const input = z.object({
  to: e164.describe("Number to call, in E.164 form"),
  from: e164.optional().describe("Caller ID: a number from TWILIO_FROM; default its first number"),
  url: z.url().optional().describe("URL of the TwiML that runs when the call connects"),
  twiml: z
    .string()
    .min(1)
    .max(4000)
    .optional()
    .describe("Inline TwiML instead of url, e.g. <Response><Say>Hi</Say></Response>"),
  status_callback: z.url().optional().describe("URL Twilio posts call status changes to"),
  timeout: z.number().int().min(5).max(600).optional().describe("Seconds to let it ring"),
});

type Input = z.output<typeof input>;

function check(args: Input, client: TwilioClient): string {
  if ((args.url === undefined) === (args.twiml === undefined)) {
    throw new PlatformError(
      "invalid_request",
      "Give exactly one of url or twiml: what the call does when answered.",
    );
  }
  const numbers = client.config.from.filter((sender) => !MESSAGING_SERVICE.test(sender));
  const from = allowedSender({ ...client.config, from: numbers }, args.from);
  checkRecipient(client.config, args.to);
  return from;
}

export const callCreate = defineTool({
  name: "twilio_call_create",
  title: "Place a phone call",
  description:
    "Calls a number and runs TwiML (a URL or inline) when answered. Always needs the user's confirmation; retries return the first call.",
  input,
  output: callOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: {
    message: (args, client: TwilioClient) =>
      `Place a phone call from ${check(args, client)} to ${args.to}: their phone rings now and the call is billed.`,
  },
  // Twilio has no idempotency key for calls either: core's store (shared state) keeps retries to
  // one call, the caller's key for 24 h or the same arguments for 60 s.
  idempotent: true,
  summary: callSummary,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    const from = check(args, ctx.client);
    const call = await ctx.client.sdk.calls.create({
      to: args.to,
      from,
      ...(args.url ? { url: args.url } : { twiml: args.twiml as string }),
      statusCallback: args.status_callback,
      timeout: args.timeout,
    });
    return toCall(call);
  },
});
