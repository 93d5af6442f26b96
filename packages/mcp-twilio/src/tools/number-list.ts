import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { nextCursor, pageUrl } from "../paging.js";

const numberOutput = z.object({
  sid: z.string(),
  phone_number: z.string(),
  friendly_name: z.string().nullable(),
  capabilities: z.object({ voice: z.boolean(), sms: z.boolean(), mms: z.boolean() }),
  sms_url: z.string().nullable().describe("Webhook for incoming messages"),
  sms_method: z.string().nullable(),
  voice_url: z.string().nullable().describe("Webhook for incoming calls"),
  voice_method: z.string().nullable(),
  status_callback: z.string().nullable(),
});

export const numberList = defineTool({
  name: "twilio_number_list",
  title: "List phone numbers",
  description: "The account's incoming phone numbers, their capabilities and webhook URLs.",
  input: z.object({
    phone_number: e164.optional().describe("Only this number"),
    ...pageInput,
  }),
  output: z.object({ numbers: z.array(numberOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.numbers.length} number(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    const { sdk, config } = ctx.client;
    const page = args.cursor
      ? await sdk.incomingPhoneNumbers.getPage(
          pageUrl(
            args.cursor,
            `/2010-04-01/Accounts/${config.accountSid}/IncomingPhoneNumbers.json`,
          ),
        )
      : await sdk.incomingPhoneNumbers.page({
          phoneNumber: args.phone_number,
          pageSize: args.limit,
        });
    return {
      numbers: page.instances.map((n) => ({
        sid: n.sid,
        phone_number: n.phoneNumber,
        friendly_name: n.friendlyName || null,
        capabilities: {
          voice: n.capabilities?.voice === true,
          sms: n.capabilities?.sms === true,
          mms: n.capabilities?.mms === true,
        },
        sms_url: n.smsUrl || null,
        sms_method: n.smsMethod || null,
        voice_url: n.voiceUrl || null,
        voice_method: n.voiceMethod || null,
        status_callback: n.statusCallback || null,
      })),
      next_cursor: nextCursor(page.nextPageUrl),
    };
  },
});
