import type { Hono } from "hono";

/** A few numbering plans: the ISO country, national number length and national format. */
const PLANS: Record<string, { country: string; length: number; trunk: string }> = {
  "1": { country: "US", length: 10, trunk: "" },
  "44": { country: "GB", length: 10, trunk: "0" },
  "49": { country: "DE", length: 11, trunk: "0" },
  "33": { country: "FR", length: 9, trunk: "0" },
  "61": { country: "AU", length: 9, trunk: "0" },
};
const BY_COUNTRY = Object.fromEntries(Object.entries(PLANS).map(([code, p]) => [p.country, code]));

function split(e164: string): { code: string; national: string } | undefined {
  const digits = e164.slice(1);
  for (const code of Object.keys(PLANS).sort((a, b) => b.length - a.length)) {
    if (digits.startsWith(code)) return { code, national: digits.slice(code.length) };
  }
  return undefined;
}

function nationalFormat(code: string, national: string): string {
  if (code === "1" && national.length === 10) {
    return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
  }
  return `${PLANS[code]?.trunk ?? ""}${national.replace(/(\d{3,4})(?=\d{3,4}$)/, "$1 ")}`;
}

/** A deterministic line type: toll-free prefixes, Twilio's magic numbers as VoIP, else by digit. */
function lineType(code: string, national: string): string {
  if (code === "1" && /^(800|888|877|866)/.test(national)) return "tollFree";
  if (code === "1" && national.startsWith("500555")) return "nonFixedVoip";
  return Number(national.at(-1)) % 2 === 0 ? "mobile" : "landline";
}

/** Lookup v2: GET /v2/PhoneNumbers/{number}, E.164 or national with CountryCode, Fields. */
export function lookupRoutes(app: Hono) {
  app.get("/v2/PhoneNumbers/:number", (c) => {
    const raw = decodeURIComponent(c.req.param("number")).replace(/[\s().-]/g, "");
    const country = c.req.query("CountryCode")?.toUpperCase();
    let e164 = raw;
    if (!raw.startsWith("+")) {
      const code = country ? BY_COUNTRY[country] : undefined;
      const trunk = code ? (PLANS[code]?.trunk ?? "") : "";
      const national =
        trunk && raw.startsWith(trunk) ? raw.slice(trunk.length) : raw.replace(/^1(?=\d{10}$)/, "");
      e164 = code ? `+${code}${national}` : `+${raw}`;
    }
    const parts = /^\+\d{2,15}$/.test(e164) ? split(e164) : undefined;
    const plan = parts ? PLANS[parts.code] : undefined;
    const errors: string[] = [];
    if (!parts || !plan) errors.push("INVALID_COUNTRY_CODE");
    else if (parts.national.length < plan.length) errors.push("TOO_SHORT");
    else if (parts.national.length > plan.length) errors.push("TOO_LONG");
    const valid = errors.length === 0;
    const fields = (c.req.query("Fields") ?? "").split(",");
    return c.json({
      calling_country_code: parts?.code ?? null,
      country_code: plan?.country ?? null,
      phone_number: e164,
      national_format: valid && parts ? nationalFormat(parts.code, parts.national) : null,
      valid,
      validation_errors: valid ? null : errors,
      caller_name: null,
      sim_swap: null,
      call_forwarding: null,
      line_type_intelligence:
        fields.includes("line_type_intelligence") && valid && parts
          ? {
              type: lineType(parts.code, parts.national),
              carrier_name: "Sandbox Carrier",
              mobile_country_code: "310",
              mobile_network_code: "456",
              error_code: null,
            }
          : null,
      line_status: null,
      identity_match: null,
      reassigned_number: null,
      sms_pumping_risk: null,
      phone_number_quality_score: null,
      pre_fill: null,
      url: `https://lookups.twilio.com/v2/PhoneNumbers/${encodeURIComponent(e164)}`,
    });
  });
}
