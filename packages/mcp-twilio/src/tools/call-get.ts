import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { callOutput, callSid, callSummary, toCall } from "../shapes.js";

export const callGet = defineTool({
  name: "twilio_call_get",
  title: "Get a call",
  description: "A call's status, duration and price.",
  input: z.object({ sid: callSid.describe("Call SID (CA...)") }),
  output: callOutput,
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: callSummary,
  run: async ({ sid }, ctx: ToolContext<TwilioClient>) =>
    toCall(await ctx.client.sdk.calls(sid).fetch()),
});
