import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { TwilioApiError } from "../http-client.js";
import { callOutput, callSid, callSummary, toCall } from "../shapes.js";

const input = z.object({
  sid: callSid.describe("Call SID (CA...)"),
  action: z
    .enum(["hang_up", "redirect"])
    .describe(
      "hang_up ends the call (or cancels it before it is answered); redirect runs new TwiML",
    ),
  url: z.url().optional().describe("With redirect: URL of the new TwiML"),
  twiml: z
    .string()
    .min(1)
    .max(4000)
    .optional()
    .describe("With redirect: inline TwiML instead of url"),
});

/** Refuses a mismatched action and TwiML before anyone is asked and before any request. */
function check({ action, url, twiml }: z.output<typeof input>): void {
  if (action === "redirect" && (url === undefined) === (twiml === undefined)) {
    throw new PlatformError("invalid_request", "redirect needs exactly one of url or twiml.");
  }
  if (action === "hang_up" && (url !== undefined || twiml !== undefined)) {
    throw new PlatformError(
      "invalid_request",
      "hang_up takes no url or twiml; use redirect to change what the call runs.",
    );
  }
}

export const callUpdate = defineTool({
  name: "twilio_call_update",
  title: "Hang up or redirect a call",
  description: "Ends a live call, or sends it to new TwiML. Needs the user's confirmation.",
  input,
  output: callOutput,
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  confirm: {
    message: (args) => {
      check(args);
      return args.action === "hang_up"
        ? `Hang up call ${args.sid}: the people on it are disconnected.`
        : `Redirect call ${args.sid} to new TwiML: what the people on it hear changes now.`;
    },
  },
  summary: callSummary,
  run: async (args, ctx: ToolContext<TwilioClient>) => {
    check(args);
    const { sid, action, url, twiml } = args;
    const call = ctx.client.sdk.calls(sid);
    if (action === "redirect") {
      return toCall(await call.update(url ? { url } : { twiml: twiml as string }));
    }
    // Twilio ends an answered call with status=completed and an unanswered one with canceled;
    // a call answered between the two requests refuses canceled (21220): then complete it.
    const current = await call.fetch();
    if (current.status !== "queued" && current.status !== "ringing") {
      return toCall(await call.update({ status: "completed" }));
    }
    try {
      return toCall(await call.update({ status: "canceled" }));
    } catch (error) {
      if (!(error instanceof TwilioApiError && error.code === 21220)) throw error;
      return toCall(await call.update({ status: "completed" }));
    }
  },
});
