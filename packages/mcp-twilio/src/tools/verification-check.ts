import { defineTool, sensitive, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { e164 } from "../e164.js";
import { allowedVerifyService } from "../safety.js";

export const verificationCheck = defineTool({
  name: "twilio_verification_check",
  title: "Check a verification code",
  description:
    "Verify v2: checks the code a person typed against the one sent to their number; approved means it matched.",
  input: z.object({
    to: e164.describe("The number the code was sent to"),
    code: sensitive(z.string().regex(/^\d{4,10}$/, "the code is 4 to 10 digits")).describe(
      "The code the person typed (never shown back)",
    ),
    service_sid: z
      .string()
      .min(1)
      .max(34)
      .optional()
      .describe("Verify service (VA...); default the first listed"),
  }),
  output: z.object({
    approved: z.boolean(),
    status: z
      .string()
      .describe("approved, pending (wrong code), canceled, max_attempts_reached, expired"),
    to: z.string(),
    sid: z.string(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  summary: (out) =>
    `Code for ${out.to}: ${out.approved ? "approved" : `not approved (${out.status})`}`,
  run: async ({ to, code, service_sid }, ctx: ToolContext<TwilioClient>) => {
    const service = allowedVerifyService(ctx.client.config, service_sid);
    const check = await ctx.client.sdk.verify.v2
      .services(service)
      .verificationChecks.create({ to, code });
    return {
      approved: check.status === "approved",
      status: check.status,
      to: check.to,
      sid: check.sid,
    };
  },
});
