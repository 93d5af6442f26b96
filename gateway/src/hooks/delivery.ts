/** A webhook delivery whose signature checked out: what triggers match and map. */
export interface Delivery {
  /** The platform that sent it: stripe, github, twilio, vercel. */
  source: string;
  /** The platform's own id of this delivery (Stripe's event id, X-GitHub-Delivery, ...). */
  id: string;
  /** When the platform signed it, in seconds since the epoch, where the scheme signs one. */
  timestamp?: number | undefined;
  /** The event's type after the source, e.g. payment_intent.succeeded, workflow_run.completed. */
  type: string;
  /** The event's body as the platform sent it (JSON, or the form fields of a Twilio callback). */
  event: unknown;
}

/** Why a delivery was refused: the HTTP status, a stable code (the metric's label) and why. */
export interface Refusal {
  status: 400 | 401 | 404 | 413 | 503;
  code: RefusalCode;
  message: string;
}

export type RefusalCode =
  | "unknown_source"
  | "not_configured"
  | "too_large"
  | "missing_signature"
  | "bad_signature"
  | "stale"
  | "replayed"
  | "bad_request";

/** The request as a verifier sees it: the raw bytes (signatures cover them), headers and URL. */
export interface RawRequest {
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** The URL the platform called, as it signed it (Twilio signs the URL). */
  url: string;
  /** Seconds since the epoch, now. */
  now: number;
}

export type Verified = { ok: true; delivery: Delivery } | { ok: false; refusal: Refusal };

export function refuse(status: Refusal["status"], code: RefusalCode, message: string): Verified {
  return { ok: false, refusal: { status, code, message } };
}

/** A header's single value (the first when repeated). */
export function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON that parsed to an object, or undefined. */
export function jsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
