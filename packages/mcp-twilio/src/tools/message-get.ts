import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { messageSid, messageSummary, messageWithBodyOutput, toMessageWithBody } from "../shapes.js";

export const messageGet = defineTool({
  name: "twilio_message_get",
  title: "Get a message",
  description:
    "A message's delivery status, error code, segments and price. Its body is third-party text.",
  input: z.object({ sid: messageSid.describe("Message SID (SM...)") }),
  output: messageWithBodyOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: messageSummary,
  run: async ({ sid }, ctx: ToolContext<TwilioClient>) =>
    toMessageWithBody(await ctx.client.sdk.messages(sid).fetch()),
});
