import { defineTool, PlatformError, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164, senderId } from "../e164.js";
import { allowedSender, checkRecipient, MESSAGING_SERVICE } from "../safety.js";
import { segmentCount } from "../segments.js";
import { messageOutput, messageSummary, toMessage } from "../shapes.js";

const input = z.object({
  to: e164.describe("Recipient in E.164 form, e.g. +14155550100"),
  body: sensitive(z.string().min(1).max(1600))
    .optional()
    .describe("Text of the message (never shown back); body or media_url is required"),
  media_url: z
    .array(z.url())
    .min(1)
    .max(10)
    .optional()
    .describe("Public URLs of images or files to send as MMS"),
  from: senderId
    .optional()
    .describe(
      "Sender: a number or messaging service SID (MG...) from TWILIO_FROM; default its first",
    ),
  status_callback: z.url().optional().describe("URL Twilio posts status changes to"),
  send_at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Schedule for later (needs a messaging service sender; 15 min to 35 days ahead)"),
});

type Input = z.output<typeof input>;

/** Checks made before any request (and before asking anyone): sender, recipient, content. */
function check(args: Input, client: TwilioClient): string {
  const from = allowedSender(client.config, args.from);
  checkRecipient(client.config, args.to);
  if (args.body === undefined && args.media_url === undefined) {
    throw new PlatformError(
      "invalid_request",
      "Give body, media_url or both: the message is empty.",
    );
  }
  if (args.send_at !== undefined && !MESSAGING_SERVICE.test(from)) {
    throw new PlatformError(
      "invalid_request",
      "send_at needs a messaging service sender (MG...) in TWILIO_FROM; Twilio schedules only through one.",
    );
  }
  return from;
}

export const messageSend = defineTool({
  name: "twilio_message_send",
  title: "Send an SMS or MMS",
  description:
    "Sends (or schedules) an SMS/MMS. Asks for confirmation only for long messages or many recipients in a minute. Retries with the same idempotency_key (24 h), or the same arguments (60 s), return the first message instead of sending again.",
  input,
  output: messageOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  // A message reaches a person and cannot be unsent, but asking for every text would make the
  // tool useless: ask for long messages and for bursts to many recipients (both configurable).
  confirm: {
    when: (args, client: TwilioClient) => {
      check(args, client);
      const segments = args.body === undefined ? 1 : segmentCount(args.body);
      return (
        segments > client.config.confirmSegments ||
        client.recent.wouldExceed(args.to, client.config.confirmRecipientsPerMinute)
      );
    },
    message: (args, client: TwilioClient) => {
      const from = check(args, client);
      return `Send a message from ${from} to ${args.to}${args.media_url ? ` with ${args.media_url.length} attachment(s)` : ""}${args.send_at ? ` at ${args.send_at}` : ""}: it reaches a person and cannot be unsent.`;
    },
  },
  // Twilio has no idempotency key for sending, so core's store is the protection: the caller's
  // key for 24 h, or the exact arguments (to, body, media, from, callback, send_at) for 60 s, in
  // the runtime's shared state (Redis across gateway replicas), claimed before the request.
  idempotent: true,
  summary: messageSummary,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    const from = check(args, ctx.client);
    const viaService = MESSAGING_SERVICE.test(from);
    const message = await ctx.client.sdk.messages.create({
      to: args.to,
      body: args.body,
      mediaUrl: args.media_url,
      ...(viaService ? { messagingServiceSid: from } : { from }),
      statusCallback: args.status_callback,
      ...(args.send_at ? { sendAt: new Date(args.send_at), scheduleType: "fixed" as const } : {}),
    });
    ctx.client.recent.add(args.to);
    return toMessage(message);
  },
});
