import { errorFromStatus, type PlatformError } from "@agent-mesh/core";
import twilio from "twilio";
import { TwilioApiError } from "./http-client.js";

/** What to do about Twilio's most common error codes, added to its own message. */
const HINTS: Record<number, string> = {
  20003:
    "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET).",
  20404: "Check the SID; list the resource to see what exists.",
  20429: "Too many requests at once; retry after the delay given.",
  21211: "The To number is not valid: give it in E.164 form, e.g. +14155550100.",
  21608:
    "A trial account can only reach verified numbers: verify the number in the Twilio console or upgrade the account.",
  21610:
    "The recipient has opted out (replied STOP); they must text START before you can message them.",
};

/**
 * Every failure of Twilio's API, in one place, as the standard envelope: the HTTP status picks
 * the code (core's errorFromStatus, which honours Retry-After); Twilio's numeric code and
 * more_info link go in details.
 */
export function mapError(error: unknown): PlatformError | undefined {
  if (error instanceof TwilioApiError) {
    return build(error.status, error.code, error.message, error.moreInfo, error.headers, error);
  }
  if (error instanceof twilio.RestException) {
    return build(error.status, error.code, error.message, error.moreInfo, undefined, error);
  }
  return undefined;
}

function build(
  status: number,
  code: number | undefined,
  message: string,
  moreInfo: string | undefined,
  headers: Headers | undefined,
  cause: unknown,
): PlatformError {
  const hint = code === undefined ? undefined : HINTS[code];
  return errorFromStatus({
    status,
    headers,
    message: `Twilio: ${message}${code === undefined ? "" : ` (${code})`}${hint ? `. ${hint}` : ""}`,
    platformCode: code === undefined ? undefined : String(code),
    details: { http_status: status, ...(moreInfo ? { more_info: moreInfo } : {}) },
    cause,
  });
}
