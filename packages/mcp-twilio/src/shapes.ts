import { untrusted, untrustedSchema } from "@agent-mesh/core";
import { z } from "zod";

/** The fields of the SDK's MessageInstance the tools read. */
export interface MessageLike {
  sid: string;
  status: string;
  direction: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  numSegments: string | null;
  numMedia: string | null;
  price: string | null;
  priceUnit: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: Date | null;
  dateSent: Date | null;
  body: string | null;
}

/** The fields of the SDK's CallInstance the tools read. */
export interface CallLike {
  sid: string;
  status: string;
  direction: string;
  to: string;
  from: string;
  duration: string | null;
  startTime: Date | null;
  endTime: Date | null;
  price: string | null;
  priceUnit: string | null;
  answeredBy: string | null;
  dateCreated: Date | null;
}

/** A message SID: SM... (or MM... for older media messages). */
export const messageSid = z
  .string()
  .regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "a message SID is SM or MM followed by 32 hex characters");

export const callSid = z
  .string()
  .regex(/^CA[0-9a-fA-F]{32}$/, "a call SID is CA followed by 32 hex characters");

const iso = (date: Date | null | undefined) =>
  date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
const count = (value: string | null | undefined) =>
  value === null || value === undefined || value === "" ? null : Number(value);

export const messageStatus = z
  .string()
  .describe(
    "queued, scheduled, sending, sent, delivered, undelivered, failed, canceled, receiving, received, read",
  );

const messageFields = {
  sid: z.string(),
  status: messageStatus,
  direction: z.string(),
  to: z.string(),
  from: z.string().nullable(),
  messaging_service_sid: z.string().nullable(),
  segments: z.number().nullable().describe("SMS segments billed; long or non-GSM text uses more"),
  media: z.number().nullable(),
  price: z.string().nullable().describe("Negative amount charged, once Twilio knows it"),
  price_unit: z.string().nullable(),
  error_code: z.number().nullable(),
  error_message: z.string().nullable(),
  date_created: z.string().nullable(),
  date_sent: z.string().nullable(),
};

/** A message without its body (what a send returns). */
export const messageOutput = z.object(messageFields);

/** A message with its body marked as third-party text. */
export const messageWithBodyOutput = z.object({
  ...messageFields,
  body: untrustedSchema(z.string().nullable()),
});

export type MessageOutput = z.output<typeof messageOutput>;

export function toMessage(m: MessageLike): MessageOutput {
  return {
    sid: m.sid,
    status: m.status,
    direction: m.direction,
    to: m.to,
    from: m.from || null,
    messaging_service_sid: m.messagingServiceSid || null,
    segments: count(m.numSegments),
    media: count(m.numMedia),
    price: m.price || null,
    price_unit: m.priceUnit || null,
    error_code: m.errorCode ?? null,
    error_message: m.errorMessage || null,
    date_created: iso(m.dateCreated),
    date_sent: iso(m.dateSent),
  };
}

export function toMessageWithBody(m: MessageLike): z.input<typeof messageWithBodyOutput> {
  return { ...toMessage(m), body: untrusted(m.body ?? null) };
}

export function messageSummary(m: MessageOutput): string {
  const price = m.price ? `, price ${m.price} ${m.price_unit ?? ""}`.trimEnd() : ", price pending";
  const error = m.error_code ? `, error ${m.error_code}` : "";
  return `Message ${m.sid} to ${m.to} is ${m.status} (${m.segments ?? "?"} segment(s)${price}${error})`;
}

export const callOutput = z.object({
  sid: z.string(),
  status: z
    .string()
    .describe("queued, ringing, in-progress, completed, busy, failed, no-answer, canceled"),
  direction: z.string(),
  to: z.string(),
  from: z.string(),
  duration_seconds: z.number().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  price: z.string().nullable(),
  price_unit: z.string().nullable(),
  answered_by: z.string().nullable(),
  date_created: z.string().nullable(),
});

export type CallOutput = z.output<typeof callOutput>;

export function toCall(c: CallLike): CallOutput {
  return {
    sid: c.sid,
    status: c.status,
    direction: c.direction,
    to: c.to,
    from: c.from,
    duration_seconds: count(c.duration),
    start_time: iso(c.startTime),
    end_time: iso(c.endTime),
    price: c.price || null,
    price_unit: c.priceUnit || null,
    answered_by: c.answeredBy || null,
    date_created: iso(c.dateCreated),
  };
}

export function callSummary(c: CallOutput): string {
  return `Call ${c.sid} from ${c.from} to ${c.to} is ${c.status}`;
}
