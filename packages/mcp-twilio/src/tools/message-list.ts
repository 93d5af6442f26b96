import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { nextCursor, pageUrl } from "../paging.js";
import { messageWithBodyOutput, toMessageWithBody } from "../shapes.js";

const time = z.iso.datetime({ offset: true });

export const messageList = defineTool({
  name: "twilio_message_list",
  title: "List messages",
  description:
    "Messages sent and received, newest first, filtered by number and date. Bodies are third-party text.",
  input: z.object({
    to: e164.optional().describe("Only messages to this number"),
    from: e164.optional().describe("Only messages from this number"),
    sent_after: time.optional().describe("Only messages sent after this time (ISO 8601)"),
    sent_before: time.optional().describe("Only messages sent before this time (ISO 8601)"),
    ...pageInput,
  }),
  output: z.object({ messages: z.array(messageWithBodyOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.messages.length} message(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    const { sdk, config } = ctx.client;
    const page = args.cursor
      ? await sdk.messages.getPage(
          pageUrl(args.cursor, `/2010-04-01/Accounts/${config.accountSid}/Messages.json`),
        )
      : await sdk.messages.page({
          to: args.to,
          from: args.from,
          // Twilio's own names (DateSent>, DateSent<) break tool schema rules; the SDK sends them.
          dateSentAfter: args.sent_after ? new Date(args.sent_after) : undefined,
          dateSentBefore: args.sent_before ? new Date(args.sent_before) : undefined,
          pageSize: args.limit,
        });
    return {
      messages: page.instances.map(toMessageWithBody),
      next_cursor: nextCursor(page.nextPageUrl),
    };
  },
});
