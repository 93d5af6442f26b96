import { allowedResource, checkAllowList, PlatformError } from "@agent-mesh/core";
import type { ClientConfig } from "./client.js";

export const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;

/** The sender to use: the one given if TWILIO_FROM lists it, else TWILIO_FROM's first entry. */
export function allowedSender(config: ClientConfig, given?: string): string {
  return allowedResource(
    {
      noun: "sender",
      env: "TWILIO_FROM",
      hint: "E.164 numbers you own or messaging service SIDs (MG...)",
    },
    config.from,
    given,
  );
}

/** Refuses a recipient outside TWILIO_ALLOWED_RECIPIENTS or TWILIO_ALLOWED_COUNTRIES. */
export function checkRecipient(config: ClientConfig, to: string): void {
  checkAllowList({ noun: "recipient", env: "TWILIO_ALLOWED_RECIPIENTS" }, config.recipients, to);
  if (config.countries.length > 0 && !config.countries.some((code) => to.startsWith(code))) {
    throw new PlatformError(
      "policy_denied",
      `${to} is outside the allowed country codes (${config.countries.join(", ")}); an operator can widen TWILIO_ALLOWED_COUNTRIES.`,
      { details: { allowed: config.countries } },
    );
  }
}

/** The Verify service to use: the one given if TWILIO_VERIFY_SERVICES lists it, else the first. */
export function allowedVerifyService(config: ClientConfig, given?: string): string {
  return allowedResource(
    { noun: "Verify service", env: "TWILIO_VERIFY_SERVICES", hint: "service SIDs (VA...)" },
    config.verifyServices,
    given,
  );
}
