import { decodeCursor, encodeCursor, untrustedSchema } from "@agent-mesh/core";
import type Stripe from "stripe";
import { z } from "zod";
import { money } from "./money.js";

/** Stripe's ids as tools take them, with the prefix checked before any request. */
export const idOf = (prefix: string, noun: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]+$`), { error: `a ${noun} id (${prefix}_...)` })
    .max(255)
    .describe(`${noun} id (${prefix}_...)`);

export const metadataInput = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, { error: "at most 50 keys" })
  .optional()
  .describe("Key-value pairs stored on the object (at most 50; keys 40, values 500 characters)");

const iso = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000).toISOString();

const metadataOutput = z.record(z.string(), z.string());

/** Stripe's cursor (`starting_after`) wrapped so only this server's cursors are accepted. */
const cursorState = z.object({ after: z.string().regex(/^[a-z]+_\w+$/) });
export const startingAfter = (cursor: string | undefined) =>
  cursor === undefined ? undefined : decodeCursor(cursor, cursorState).after;
export function nextCursor(page: { has_more: boolean; data: Array<{ id?: string }> }) {
  const last = page.data.at(-1)?.id;
  return page.has_more && last ? encodeCursor({ after: last }) : null;
}

export const customerOutput = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  phone: z.string().nullable(),
  default_payment_method: z.string().nullable(),
  metadata: metadataOutput,
  created: z.string().nullable(),
  livemode: z.boolean(),
});
export const untrustedCustomer = untrustedSchema(customerOutput);

export function toCustomer(c: Stripe.Customer): z.output<typeof customerOutput> {
  const pm = c.invoice_settings?.default_payment_method;
  return {
    id: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    description: c.description ?? null,
    phone: c.phone ?? null,
    default_payment_method: typeof pm === "string" ? pm : (pm?.id ?? null),
    metadata: c.metadata ?? {},
    created: iso(c.created),
    livemode: c.livemode,
  };
}

export const paymentOutput = z.object({
  id: z.string(),
  status: z
    .string()
    .describe(
      "requires_payment_method, requires_confirmation, requires_capture, succeeded, canceled, ...",
    ),
  amount: z.number().int(),
  currency: z.string(),
  amount_display: z.string().describe("The amount as money, e.g. $20.00 USD"),
  amount_received: z.number().int(),
  amount_capturable: z.number().int(),
  amount_refunded: z
    .number()
    .int()
    .nullable()
    .describe("From the latest charge; null before one exists"),
  customer: z.string().nullable(),
  payment_method: z.string().nullable(),
  capture_method: z.string(),
  description: z.string().nullable(),
  metadata: metadataOutput,
  latest_charge: z.string().nullable(),
  last_payment_error: z
    .object({
      code: z.string().nullable(),
      decline_code: z.string().nullable(),
      message: z.string().nullable(),
    })
    .nullable(),
  cancellation_reason: z.string().nullable(),
  created: z.string().nullable(),
  livemode: z.boolean(),
});
export type PaymentOutput = z.output<typeof paymentOutput>;

const idOfField = (v: string | { id: string } | null | undefined) =>
  v === null || v === undefined ? null : typeof v === "string" ? v : v.id;

export function toPayment(pi: Stripe.PaymentIntent): PaymentOutput {
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  const err = pi.last_payment_error;
  return {
    id: pi.id,
    status: pi.status,
    amount: pi.amount,
    currency: pi.currency,
    amount_display: money(pi.amount, pi.currency),
    amount_received: pi.amount_received,
    amount_capturable: pi.amount_capturable,
    amount_refunded: charge ? charge.amount_refunded : null,
    customer: idOfField(pi.customer),
    payment_method: idOfField(pi.payment_method),
    capture_method: pi.capture_method,
    description: pi.description ?? null,
    metadata: pi.metadata ?? {},
    latest_charge: idOfField(pi.latest_charge),
    last_payment_error: err
      ? {
          code: err.code ?? null,
          decline_code: err.decline_code ?? null,
          message: err.message ?? null,
        }
      : null,
    cancellation_reason: pi.cancellation_reason ?? null,
    created: iso(pi.created),
    livemode: pi.livemode,
  };
}

export const paymentSummary = (p: PaymentOutput) =>
  `Payment ${p.id}: ${p.amount_display}, ${p.status}${p.customer ? ` (customer ${p.customer})` : ""}`;

export const refundOutput = z.object({
  id: z.string(),
  status: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  amount_display: z.string(),
  payment_intent: z.string().nullable(),
  charge: z.string().nullable(),
  reason: z.string().nullable(),
  metadata: metadataOutput,
  created: z.string().nullable(),
});

export function toRefund(r: Stripe.Refund): z.output<typeof refundOutput> {
  return {
    id: r.id,
    status: r.status ?? null,
    amount: r.amount,
    currency: r.currency,
    amount_display: money(r.amount, r.currency),
    payment_intent: idOfField(r.payment_intent),
    charge: idOfField(r.charge),
    reason: r.reason ?? null,
    metadata: r.metadata ?? {},
    created: iso(r.created),
  };
}

export const productOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  default_price: z.string().nullable(),
  metadata: metadataOutput,
  created: z.string().nullable(),
});

export function toProduct(p: Stripe.Product): z.output<typeof productOutput> {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    active: p.active,
    default_price: idOfField(p.default_price),
    metadata: p.metadata ?? {},
    created: iso(p.created),
  };
}

export const priceOutput = z.object({
  id: z.string(),
  product: z.string(),
  currency: z.string(),
  unit_amount: z.number().int().nullable(),
  amount_display: z.string().nullable(),
  type: z.string().describe("one_time or recurring"),
  recurring: z.object({ interval: z.string(), interval_count: z.number().int() }).nullable(),
  nickname: z.string().nullable(),
  active: z.boolean(),
  metadata: metadataOutput,
  created: z.string().nullable(),
});

export function toPrice(p: Stripe.Price): z.output<typeof priceOutput> {
  return {
    id: p.id,
    product: idOfField(p.product) ?? "",
    currency: p.currency,
    unit_amount: p.unit_amount ?? null,
    amount_display: p.unit_amount === null ? null : money(p.unit_amount, p.currency),
    type: p.type,
    recurring: p.recurring
      ? { interval: p.recurring.interval, interval_count: p.recurring.interval_count }
      : null,
    nickname: p.nickname ?? null,
    active: p.active,
    metadata: p.metadata ?? {},
    created: iso(p.created),
  };
}

export const subscriptionOutput = z.object({
  id: z.string(),
  status: z.string(),
  customer: z.string().nullable(),
  currency: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      price: z.string(),
      quantity: z.number().int().nullable(),
      unit_amount: z.number().int().nullable(),
      current_period_start: z.string().nullable(),
      current_period_end: z.string().nullable(),
    }),
  ),
  cancel_at_period_end: z.boolean(),
  cancel_at: z.string().nullable(),
  canceled_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  latest_invoice: z.string().nullable(),
  metadata: metadataOutput,
  created: z.string().nullable(),
  livemode: z.boolean(),
});
export type SubscriptionOutput = z.output<typeof subscriptionOutput>;

export function toSubscription(s: Stripe.Subscription): SubscriptionOutput {
  return {
    id: s.id,
    status: s.status,
    customer: idOfField(s.customer),
    currency: s.currency,
    items: s.items.data.map((i) => ({
      id: i.id,
      price: i.price.id,
      quantity: i.quantity ?? null,
      unit_amount: i.price.unit_amount ?? null,
      current_period_start: iso(i.current_period_start),
      current_period_end: iso(i.current_period_end),
    })),
    cancel_at_period_end: s.cancel_at_period_end,
    cancel_at: iso(s.cancel_at),
    canceled_at: iso(s.canceled_at),
    ended_at: iso(s.ended_at),
    latest_invoice: idOfField(s.latest_invoice),
    metadata: s.metadata ?? {},
    created: iso(s.created),
    livemode: s.livemode,
  };
}

export const subscriptionSummary = (s: SubscriptionOutput) =>
  `Subscription ${s.id} of ${s.customer}: ${s.status}${s.cancel_at_period_end ? `, cancels at ${s.cancel_at}` : ""}`;

export const invoiceOutput = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  customer: z.string().nullable(),
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  subscription: z.string().nullable(),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  amount_remaining: z.number().int(),
  total_display: z.string(),
  hosted_invoice_url: z.string().nullable(),
  description: z.string().nullable(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  created: z.string().nullable(),
});
export const untrustedInvoice = untrustedSchema(invoiceOutput);

export function toInvoice(i: Stripe.Invoice): z.output<typeof invoiceOutput> {
  return {
    id: i.id ?? "",
    number: i.number ?? null,
    status: i.status ?? null,
    customer: idOfField(i.customer),
    customer_email: i.customer_email ?? null,
    customer_name: i.customer_name ?? null,
    subscription: idOfField(i.parent?.subscription_details?.subscription),
    currency: i.currency,
    amount_due: i.amount_due,
    amount_paid: i.amount_paid,
    amount_remaining: i.amount_remaining,
    total_display: money(i.total, i.currency),
    hosted_invoice_url: i.hosted_invoice_url ?? null,
    description: i.description ?? null,
    period_start: iso(i.period_start),
    period_end: iso(i.period_end),
    created: iso(i.created),
  };
}

export const webhookOutput = z.object({
  id: z.string(),
  url: z.string(),
  enabled_events: z.array(z.string()),
  status: z.string(),
  description: z.string().nullable(),
  api_version: z.string().nullable(),
  created: z.string().nullable(),
});

export function toWebhook(w: Stripe.WebhookEndpoint): z.output<typeof webhookOutput> {
  return {
    id: w.id,
    url: w.url,
    enabled_events: w.enabled_events,
    status: w.status,
    description: w.description ?? null,
    api_version: w.api_version ?? null,
    created: iso(w.created),
  };
}

export const eventOutput = z.object({
  id: z.string(),
  type: z.string(),
  created: z.string().nullable(),
  object_id: z.string().nullable().describe("The id of the object the event is about"),
  object: z
    .record(z.string(), z.unknown())
    .describe("The object as it was when the event happened"),
  request_id: z.string().nullable(),
  idempotency_key: z.string().nullable(),
  livemode: z.boolean(),
});

export function toEvent(e: Stripe.Event): z.output<typeof eventOutput> {
  const object = e.data.object as unknown as Record<string, unknown>;
  return {
    id: e.id,
    type: e.type,
    created: iso(e.created),
    object_id: typeof object.id === "string" ? object.id : null,
    object,
    request_id: e.request?.id ?? null,
    idempotency_key: e.request?.idempotency_key ?? null,
    livemode: e.livemode,
  };
}
