import { allowedResource, defineTool, type ToolContext } from "@agent-mesh/core";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { z } from "zod";
import { EVENT_BUS } from "../allow-list.js";
import type { AwsClients } from "../clients.js";

/** Per-entry errors EventBridge documents as worth retrying. */
const RETRYABLE = new Set(["InternalFailure", "ThrottlingException"]);

const event = z.object({
  source: z
    .string()
    .min(1)
    .max(256)
    .describe("Who emits it, reverse-DNS style, e.g. com.example.orders (not aws.*)"),
  detail_type: z.string().min(1).max(128).describe("What happened, e.g. Order Placed"),
  detail: z.record(z.string(), z.json()).describe("The event's JSON object"),
  resources: z.array(z.string().min(1)).max(20).optional().describe("ARNs the event concerns"),
});

export const eventSend = defineTool({
  name: "aws_event_send",
  title: "Send events",
  description:
    "Puts 1-10 events on an EventBridge bus. Each entry succeeds or fails on its own: failures are listed per entry, with whether a retry may help.",
  input: z.object({
    events: z.array(event).min(1).max(10),
    bus: z
      .string()
      .min(1)
      .optional()
      .describe("Event bus name or ARN (default: the first in AGENT_MESH_AWS_EVENT_BUSES)"),
  }),
  output: z.object({
    bus: z.string(),
    sent: z.number().int(),
    failed: z.number().int(),
    entries: z.array(
      z.object({
        index: z.number().int().describe("Position in the events given"),
        event_id: z.string().nullable(),
        error_code: z.string().nullable(),
        error_message: z.string().nullable(),
        retryable: z.boolean(),
      }),
    ),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  // EventBridge's PutEvents takes no idempotency token, so retries are made safe by core's
  // idempotency store alone; ctx.idempotencyKey has nowhere to go.
  idempotent: true,
  summary: (out) =>
    out.failed === 0
      ? `Sent ${out.sent} event(s) to ${out.bus}`
      : `${out.failed} of ${out.sent + out.failed} event(s) FAILED on ${out.bus}; see entries`,
  run: async ({ events, bus }, ctx: ToolContext<AwsClients>) => {
    const EventBusName = allowedResource(EVENT_BUS, ctx.client.config.eventBuses, bus);
    const out = await ctx.client.eventbridge.send(
      new PutEventsCommand({
        Entries: events.map((e) => ({
          EventBusName,
          Source: e.source,
          DetailType: e.detail_type,
          Detail: JSON.stringify(e.detail),
          Resources: e.resources,
        })),
      }),
      { abortSignal: ctx.signal },
    );
    const entries = events.map((_, index) => {
      const result = out.Entries?.[index];
      const code = result?.ErrorCode ?? (result?.EventId ? null : "Unknown");
      return {
        index,
        event_id: result?.EventId ?? null,
        error_code: code,
        error_message:
          code === null
            ? null
            : (result?.ErrorMessage ?? "EventBridge returned no result for this entry"),
        retryable: code !== null && RETRYABLE.has(code),
      };
    });
    const failed = entries.filter((e) => e.error_code !== null).length;
    return { bus: EventBusName, sent: entries.length - failed, failed, entries };
  },
});
