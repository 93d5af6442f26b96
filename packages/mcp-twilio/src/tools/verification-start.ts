import { defineTool, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { allowedVerifyService, checkRecipient } from "../safety.js";

export const verificationStart = defineTool({
  name: "twilio_verification_start",
  title: "Send a verification code",
  description:
    "Verify v2: sends a one-time code to a number by SMS or voice, for a sign-in flow; check it with twilio_verification_check.",
  input: z.object({
    to: e164.describe("Number to verify, in E.164 form"),
    channel: z.enum(["sms", "call", "whatsapp"]).default("sms"),
    service_sid: z
      .string()
      .min(1)
      .max(34)
      .optional()
      .describe("Verify service (VA...) from TWILIO_VERIFY_SERVICES; default its first"),
  }),
  output: z.object({
    sid: z.string(),
    service_sid: z.string(),
    to: z.string(),
    channel: z.string(),
    status: z
      .string()
      .describe("pending until checked; approved, canceled, max_attempts_reached, expired"),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  confirm: false,
  noConfirmReason:
    "A code goes only to the number the sign-in flow is verifying, through an operator-listed Verify service whose own rate limits Twilio enforces; asking each time would break the flow. Retries send one code (core's idempotency store).",
  idempotent: true,
  summary: (out) => `Verification ${out.sid} sent to ${out.to} by ${out.channel}: ${out.status}`,
  run: async ({ to, channel, service_sid }, ctx: ToolContext<TwilioClient>) => {
    const service = allowedVerifyService(ctx.client.config, service_sid);
    checkRecipient(ctx.client.config, to);
    const v = await ctx.client.sdk.verify.v2
      .services(service)
      .verifications.create({ to, channel });
    return {
      sid: v.sid,
      service_sid: v.serviceSid,
      to: v.to,
      channel: v.channel,
      status: v.status,
    };
  },
});
