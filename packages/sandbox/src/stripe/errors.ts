import type { Context } from "hono";

export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  [extra: string]: unknown;
}

/** Thrown by handlers; index.ts turns it into Stripe's `{ error: {...} }` body and status. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function respond(c: Context, failure: StripeFailure): Response {
  const { body } = failure;
  const docUrl = body.code
    ? `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, "-")}`
    : undefined;
  return c.json(
    {
      error: {
        ...(body.code ? { code: body.code, doc_url: docUrl } : {}),
        ...body,
        request_log_url: `https://dashboard.stripe.com/test/logs/${c.get("requestId" as never) ?? "req"}`,
      },
    },
    failure.status as 400,
    failure.headers,
  );
}

export const invalid = (message: string, param?: string, code?: string) =>
  new StripeFailure(400, { type: "invalid_request_error", message, param, code });

export const missing = (param: string) =>
  invalid(`Missing required param: ${param}.`, param, "parameter_missing");

/** Stripe's 404 for an unknown id: `No such customer: 'cus_x'`. */
export const noSuch = (noun: string, id: string, param = "id") =>
  new StripeFailure(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${noun}: '${id}'`,
    param,
  });
