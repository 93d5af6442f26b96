import { z } from "zod";
import { duration } from "../../config/duration-schema.js";
import { checkWorkflow } from "./check.js";

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const param = z.strictObject({
  type: z.enum(["string", "number", "integer", "boolean", "object", "array"]).default("string"),
  description: z.string().optional(),
  enum: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .optional(),
  default: z.unknown().optional(),
  /** Required unless it has a default; `required: false` makes it optional. */
  required: z.boolean().optional(),
});

/** One condition of a check step's list form, with what to say when it does not hold. */
const condition = z.strictObject({
  that: z.string().min(1),
  message: z.string().min(1),
});

const step = z
  .strictObject({
    id: z.string().regex(STEP_ID, "a step id is a letter then letters, digits, _ or -, up to 64"),
    tool: z.string().min(1).optional(),
    /** A question for a person: the run waits until it is approved (or denied). */
    approval: z.string().min(1).optional(),
    /**
     * A condition the run must meet: an expression, or a list of `{ that, message }`. False fails
     * the step (and the run, as on_failure says) with the rendered message; nothing is called.
     */
    check: z.union([z.string().min(1), z.array(condition).min(1)]).optional(),
    /** A check step's failure message (the list form: what precedes the failed conditions). */
    message: z.string().min(1).optional(),
    args: z.record(z.string(), z.unknown()).default({}),
    depends_on: z.array(z.string()).default([]),
    when: z.string().optional(),
    until: z.string().optional(),
    /** First wait between polls of `until` (doubles up to 30s). */
    interval: duration.default(1000),
    timeout: duration.optional(),
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(20),
        backoff: duration.default(1000),
      })
      .optional(),
    on_failure: z.enum(["fail", "continue", "compensate"]).default("fail"),
    /** Steps that run (in order) when this one fails with `on_failure: compensate`. */
    compensate: z.array(z.string()).default([]),
    /**
     * A tool's confirmation_required: `auto` answers it with its token (mesh.yaml is the
     * operator's consent), `ask` turns it into an approval, as an approval step.
     */
    confirm: z.enum(["auto", "ask"]).default("auto"),
    /** Set by the short form: the step gets the run's params that its tool's input names. */
    pass_params: z.boolean().default(false),
  })
  .refine((s) => [s.tool, s.approval, s.check].filter((kind) => kind !== undefined).length === 1, {
    message:
      "a step has either `tool` (a tool to call), `approval` (a question to approve) or `check` (a condition to meet)",
  })
  .refine((s) => s.approval === undefined || s.confirm !== "ask", {
    message: "confirm: ask is for a tool step; an approval step always asks",
    path: ["confirm"],
  })
  .refine((s) => s.on_failure !== "compensate" || s.compensate.length > 0, {
    message: "on_failure: compensate needs `compensate: [step ids]`, the steps to run",
    path: ["compensate"],
  });

const full = z.strictObject({
  description: z.string().optional(),
  params: z
    .record(z.string().regex(NAME, "a param name is lower-case letters, digits and _"), param)
    .default({}),
  steps: z.array(step).min(1, "a workflow needs at least one step"),
});

// The seed's short form: a plain list of tool names, run one after another, each step getting
// the run's params that its tool's input names.
const short = z
  .array(z.string().min(1))
  .min(1)
  .transform(
    (tools): z.input<typeof full> => ({
      params: {},
      steps: tools.map((tool, i) => ({
        id: tool,
        tool,
        pass_params: true,
        ...(i > 0 ? { depends_on: [tools[i - 1]!] } : {}),
      })),
    }),
  )
  .pipe(full);

export const workflowSchema = z
  .union([short, full])
  .superRefine((workflow, ctx) => checkWorkflow(workflow, ctx));

// An empty `workflows:` is no workflows.
export const workflowsSection = z
  .record(
    z.string().regex(NAME, "a workflow name is lower-case letters, digits and _, up to 64"),
    workflowSchema,
  )
  .nullish()
  .transform((value) => value ?? {});

export type WorkflowDefinition = z.output<typeof full>;
export type WorkflowStep = WorkflowDefinition["steps"][number];
export type WorkflowParam = WorkflowDefinition["params"][string];
