import { z } from "zod";
import { duration } from "../config/duration-schema.js";
import { HOOK_SOURCE_NAMES } from "./sources.js";

const EVENT = /^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*$/;

/**
 * One trigger: when a verified delivery of `on` arrives (source.event, e.g.
 * stripe.payment_intent.succeeded; a shorter prefix such as github.workflow_run, or `*` in a
 * segment, matches more), and `filter` holds, start workflow `run` with `params` mapped from
 * the event.
 */
export const triggerSchema = z.strictObject({
  on: z.string().superRefine((value, ctx) => {
    const [source, ...rest] = value.split(".");
    if (!source || !HOOK_SOURCE_NAMES.includes(source)) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" does not start with a webhook source; use one of ${HOOK_SOURCE_NAMES.map((s) => `${s}.`).join(", ")} then the event, e.g. stripe.payment_intent.succeeded`,
      });
    } else if (rest.length === 0 || !EVENT.test(rest.join("."))) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" needs an event after the source, e.g. ${source}.${EXAMPLES[source]}`,
      });
    }
  }),
  /** The workflow to start (a key of `workflows:`). */
  run: z.string().min(1, "name the workflow to start"),
  /** "${{ ... }}": the run starts only when this is truthy. */
  filter: z.string().min(1).optional(),
  /** The run's params: values, or "${{ event... }}" expressions over the delivery. */
  params: z.record(z.string(), z.unknown()).default({}),
});

const EXAMPLES: Record<string, string> = {
  stripe: "payment_intent.succeeded",
  github: "workflow_run.completed",
  twilio: "message.received",
  vercel: "deployment.succeeded",
};

export const triggersSection = z.array(triggerSchema).default([]);

/** How /hooks/<source> receives deliveries. */
export const hooksSection = z.strictObject({
  /**
   * The gateway's public base URL (https://mesh.example.com) as the platforms call it: Twilio
   * signs the full URL, which a proxy in front of the gateway changes. Default: http:// and the
   * request's Host.
   */
  public_url: z
    .url({ protocol: /^https?$/, error: "public_url must be an http:// or https:// URL" })
    .optional(),
  /** How far a signed timestamp (Stripe's) may be from now. */
  tolerance: duration.default(300_000),
  /** Largest body accepted, in bytes (a larger one is refused with 413, unread). */
  max_body: z.number().int().min(1024).max(26_214_400).default(1_048_576),
});

export const HOOKS_DEFAULTS = hooksSection.parse({});

export type TriggerConfig = z.output<typeof triggerSchema>;
export type HooksConfig = z.output<typeof hooksSection>;
