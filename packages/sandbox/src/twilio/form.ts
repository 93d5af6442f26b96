import type { Context } from "hono";

/** A form-encoded body as Twilio reads it: repeated keys (MediaUrl) become lists. */
export async function readForm(c: Context): Promise<Record<string, string[]>> {
  const text = await c.req.text();
  const form: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    form[key] = [...(form[key] ?? []), value];
  }
  return form;
}

export const first = (form: Record<string, string[]>, key: string) => form[key]?.[0];

export const E164 = /^\+[1-9]\d{1,14}$/;

/** Twilio's RFC 2822 dates (`Wed, 25 Nov 2026 21:00:00 +0000`). */
export function rfc2822(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toUTCString().replace("GMT", "+0000");
}

/** A SID: two letters and 32 hex characters. */
export function newSid(prefix: string, n: number): string {
  return `${prefix}${n.toString(16).padStart(32, "0")}`;
}
