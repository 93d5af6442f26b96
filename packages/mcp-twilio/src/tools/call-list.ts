import { defineTool, nextCursorOutput, pageInput, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { nextCursor, pageUrl } from "../paging.js";
import { callOutput, toCall } from "../shapes.js";

export const callList = defineTool({
  name: "twilio_call_list",
  title: "List calls",
  description: "Calls placed and received, newest first, filtered by number or status.",
  input: z.object({
    to: e164.optional(),
    from: e164.optional(),
    status: z
      .enum([
        "queued",
        "ringing",
        "in-progress",
        "canceled",
        "completed",
        "failed",
        "busy",
        "no-answer",
      ])
      .optional(),
    ...pageInput,
  }),
  output: z.object({ calls: z.array(callOutput), next_cursor: nextCursorOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) => `${out.calls.length} call(s)${out.next_cursor ? "; more available" : ""}`,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    const { sdk, config } = ctx.client;
    const page = args.cursor
      ? await sdk.calls.getPage(
          pageUrl(args.cursor, `/2010-04-01/Accounts/${config.accountSid}/Calls.json`),
        )
      : await sdk.calls.page({
          to: args.to,
          from: args.from,
          status: args.status,
          pageSize: args.limit,
        });
    return { calls: page.instances.map(toCall), next_cursor: nextCursor(page.nextPageUrl) };
  },
});
