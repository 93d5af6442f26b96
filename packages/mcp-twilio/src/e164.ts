import { z } from "zod";

const E164 = /^\+[1-9]\d{1,14}$/;

/** The E.164 form a person probably meant ("+1 415 555 0100" -> "+14155550100"), if any. */
export function e164Suggestion(value: string): string | undefined {
  const trimmed = value.trim().replace(/^00/, "+");
  const digits = trimmed.replace(/[\s().\-/]/g, "");
  const candidate = digits.startsWith("+") ? digits : `+${digits}`;
  return E164.test(candidate) ? candidate : undefined;
}

export function e164Problem(value: string): string | undefined {
  if (E164.test(value)) return undefined;
  const fix = e164Suggestion(value);
  return fix
    ? `"${value}" is not E.164: write it as "${fix}" ("+", country code, number; no spaces or punctuation)`
    : `"${value}" is not an E.164 phone number: use "+", the country code and the number, no spaces or punctuation (e.g. "+14155550100")`;
}

/** A phone number in E.164 form, refused before any request with the fix in the message. */
export const e164 = z
  .string()
  .max(32)
  .superRefine((value, ctx) => {
    const problem = e164Problem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const E164_PATTERN = E164;

const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** A sender: an E.164 number or a messaging service SID (MG...), refused with the fix. */
export const senderId = z
  .string()
  .max(34)
  .superRefine((value, ctx) => {
    if (value.startsWith("MG")) {
      if (!MESSAGING_SERVICE_SID.test(value)) {
        ctx.addIssue({
          code: "custom",
          message: `"${value}" is not a messaging service SID: MG followed by 32 hex characters`,
        });
      }
      return;
    }
    const problem = e164Problem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
