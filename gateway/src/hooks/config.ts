import { z } from "zod";
import { duration } from "../config/duration-schema.js";
import {
  hasExpressions,
  parseTemplate,
  references,
  templatesIn,
} from "../workflows/expression/index.js";
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
  filter: z
    .string()
    .refine(hasExpressions, {
      message: 'a filter is an expression such as "${{ event.data.object.amount > 1000 }}"',
    })
    .superRefine((text, ctx) => checkTemplate(text, [], ctx))
    .optional(),
  /** The run's params: values, or "${{ event... }}" expressions over the delivery. */
  params: z
    .record(z.string(), z.unknown())
    .superRefine((params, ctx) => {
      for (const { at, text } of templatesIn(params)) checkTemplate(text, at, ctx);
    })
    .default({}),
});

/** What a trigger's expressions may read. */
const ROOTS = ["event", "delivery"];

/** A template that does not parse, or reads something other than the delivery, is a config error. */
function checkTemplate(text: string, at: string[], ctx: z.RefinementCtx): void {
  try {
    for (const path of references(parseTemplate(text))) {
      if (!ROOTS.includes(path[0] ?? "")) {
        ctx.addIssue({
          code: "custom",
          path: at,
          message: `"${path.join(".")}" is not something a trigger can read: use event.<field> (the delivery's body) or delivery.id, delivery.type, delivery.source, delivery.timestamp`,
        });
      }
    }
  } catch (err) {
    ctx.addIssue({ code: "custom", path: at, message: (err as Error).message });
  }
}

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

/**
 * Each trigger names a workflow of `workflows:`, and passes only params that workflow declares
 * (a short-form workflow declares none and takes any).
 */
export function checkTriggerWorkflows(
  triggers: readonly TriggerConfig[],
  workflows: Record<string, { params: Record<string, unknown> }>,
  ctx: z.RefinementCtx,
): void {
  const names = Object.keys(workflows);
  triggers.forEach((trigger, index) => {
    const workflow = workflows[trigger.run];
    if (!workflow) {
      ctx.addIssue({
        code: "custom",
        path: ["triggers", index, "run"],
        message: `no workflow "${trigger.run}" in workflows:${names.length ? ` (there are ${names.join(", ")})` : " (define it there)"}`,
      });
      return;
    }
    const declared = Object.keys(workflow.params);
    if (declared.length === 0) return;
    for (const key of Object.keys(trigger.params)) {
      if (!declared.includes(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["triggers", index, "params", key],
          message: `workflow ${trigger.run} has no param "${key}" (its params: ${declared.join(", ")})`,
        });
      }
    }
  });
}
