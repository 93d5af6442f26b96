import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { messageOutput, messageSid, messageSummary, toMessage } from "../shapes.js";

export const messageCancel = defineTool({
  name: "twilio_message_cancel",
  title: "Cancel a scheduled message",
  description: "Cancels a message scheduled with send_at before it goes out.",
  input: z.object({ sid: messageSid.describe("SID of the scheduled message (SM...)") }),
  output: messageOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: messageSummary,
  run: async ({ sid }, ctx: ToolContext<TwilioClient>) =>
    toMessage(await ctx.client.sdk.messages(sid).update({ status: "canceled" })),
});
