import type { Context } from "hono";

/** Twilio's error body: `{ code, message, more_info, status }`. */
export function twilioError(
  c: Context,
  status: 400 | 401 | 404 | 405 | 429,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    status,
  );
}
