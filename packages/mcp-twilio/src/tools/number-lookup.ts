import { defineTool, PlatformError, type ToolContext } from "@agent-mesh/core";
import { z } from "zod";
import type { TwilioClient } from "../client.js";
import { E164_PATTERN, e164Problem } from "../e164.js";

export const numberLookup = defineTool({
  name: "twilio_number_lookup",
  title: "Validate and format a number",
  description:
    "Lookup v2: whether a number is valid, its E.164 form, country and, optionally, line type (a paid lookup).",
  input: z.object({
    phone_number: z
      .string()
      .min(3)
      .max(32)
      .describe("E.164 (+14155550100), or the national form with country_code"),
    country_code: z
      .string()
      .regex(/^[A-Z]{2}$/, "a two-letter ISO country code such as US or GB")
      .optional()
      .describe("ISO country of a national-form number (US, GB, ...)"),
    line_type: z
      .boolean()
      .default(false)
      .describe("Also ask the line type (mobile, landline, voip)"),
  }),
  output: z.object({
    valid: z.boolean(),
    phone_number: z.string().describe("E.164 form"),
    national_format: z.string().nullable(),
    country_code: z.string().nullable(),
    calling_country_code: z.string().nullable(),
    validation_errors: z.array(z.string()),
    line_type: z
      .string()
      .nullable()
      .describe("mobile, landline, fixedVoip, nonFixedVoip, tollFree, ..."),
    carrier: z.string().nullable(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  summary: (out) =>
    `${out.phone_number} is ${out.valid ? "valid" : "not valid"}${out.country_code ? ` (${out.country_code})` : ""}${out.line_type ? `, ${out.line_type}` : ""}`,
  run: async ({ phone_number, country_code, line_type }, ctx: ToolContext<TwilioClient>) => {
    const number = phone_number.trim();
    if (country_code === undefined && !E164_PATTERN.test(number)) {
      throw new PlatformError(
        "invalid_request",
        `${e164Problem(number)}; or give country_code with a national-form number.`,
      );
    }
    const found = await ctx.client.sdk.lookups.v2.phoneNumbers(number).fetch({
      countryCode: country_code,
      fields: line_type ? "line_type_intelligence" : undefined,
    });
    const lti = found.lineTypeIntelligence as { type?: string; carrierName?: string } | null;
    return {
      valid: found.valid === true,
      phone_number: found.phoneNumber,
      national_format: found.nationalFormat || null,
      country_code: found.countryCode || null,
      calling_country_code: found.callingCountryCode || null,
      validation_errors: (found.validationErrors as string[] | null) ?? [],
      line_type: lti?.type ?? null,
      carrier: lti?.carrierName ?? null,
    };
  },
});
