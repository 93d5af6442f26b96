import type { z } from "zod";
import { ANNOTATION_HINTS, type ToolAnnotations } from "./annotations.js";
import type { ToolContext } from "./context.js";
import { toolNameProblem } from "./names.js";

/** Input keys core adds itself when a tool asks for confirmation or idempotency. */
export const CONFIRM_TOKEN_KEY = "confirm_token";
export const IDEMPOTENCY_KEY = "idempotency_key";

// biome-ignore lint/suspicious/noExplicitAny: shape of any zod object
export type AnyObjectSchema = z.ZodObject<any>;

export interface ConfirmSpec<I, C = unknown> {
  /**
   * One sentence describing exactly what will happen, shown to the person who confirms. It gets
   * the input with sensitive fields masked, and the client, to name resolved resources; a
   * PlatformError thrown here (policy_denied, say) is answered at once, so nobody confirms what
   * would be refused anyway.
   */
  message: (input: I, client: C) => string;
  /**
   * Asks only when this answers true (a push to a protected tag, say); without it, every call
   * asks. It gets the unmasked input, so it can decide on any field; a PlatformError thrown here
   * is answered at once, as from `message`.
   */
  when?: (input: I, client: C) => boolean | Promise<boolean>;
}

export interface ToolDefinition<
  I extends AnyObjectSchema = AnyObjectSchema,
  O extends AnyObjectSchema = AnyObjectSchema,
  C = unknown,
> {
  /** `{platform}_{resource}_{action}`, lower snake case, at most 64 characters. */
  name: string;
  title: string;
  /** Short and precise: every word costs the user's context. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /**
   * Dangerous calls: the runtime's approver must say yes first (by default the first call
   * answers confirmation_required with a token, or the user is asked through elicitation).
   * A destructive tool must either set this or set `false` together with `noConfirmReason`.
   */
  confirm?: ConfirmSpec<z.output<I>, C> | false;
  /**
   * With `confirm: false` on a destructive tool: why no confirmation is needed, written for the
   * operators and reviewers who read the generated docs (at least a sentence).
   */
  noConfirmReason?: string;
  /** Calls with side effects: repeated calls with the same key (given or derived) run once. */
  idempotent?: boolean;
  /** One line for the text content of a successful result. */
  summary?: (output: z.output<O>) => string;
  run: (input: z.output<I>, ctx: ToolContext<C>) => Promise<z.input<O>>;
}

/**
 * Declares a tool. Checks its name and annotations at definition time, so a malformed tool
 * fails when its module loads in a test rather than when a user calls it.
 */
export function defineTool<I extends AnyObjectSchema, O extends AnyObjectSchema, C>(
  definition: ToolDefinition<I, O, C>,
): ToolDefinition<I, O, C> {
  const problem = toolNameProblem(definition.name);
  if (problem) throw new TypeError(`defineTool: ${problem}`);
  const where = `defineTool(${definition.name})`;
  for (const hint of ANNOTATION_HINTS) {
    if (typeof definition.annotations?.[hint] !== "boolean") {
      throw new TypeError(`${where}: annotations.${hint} must be set to true or false`);
    }
  }
  if (!definition.title?.trim()) throw new TypeError(`${where}: title is required`);
  if (!definition.description?.trim()) throw new TypeError(`${where}: description is required`);
  const shape = definition.input?.shape;
  if (!shape) throw new TypeError(`${where}: input must be a z.object(...)`);
  if (!definition.output?.shape) throw new TypeError(`${where}: output must be a z.object(...)`);
  for (const reserved of [CONFIRM_TOKEN_KEY, IDEMPOTENCY_KEY]) {
    if (reserved in shape) {
      throw new TypeError(`${where}: input key "${reserved}" is reserved; core adds it`);
    }
  }
  if (definition.confirm && definition.annotations.readOnlyHint) {
    throw new TypeError(`${where}: a read-only tool cannot require confirmation`);
  }
  checkConfirmChoice(where, definition);
  return definition;
}

/** Shortest reason accepted for a destructive tool without confirmation: a sentence, not a word. */
const MIN_REASON_LENGTH = 20;

/**
 * A destructive tool asks first, or says in writing why it need not: the choice is made once,
 * deliberately, where reviewers and the generated docs can see it.
 */
function checkConfirmChoice(
  where: string,
  definition: { confirm?: unknown; noConfirmReason?: string; annotations: ToolAnnotations },
): void {
  const { confirm, noConfirmReason, annotations } = definition;
  if (noConfirmReason !== undefined && confirm !== false) {
    throw new TypeError(`${where}: noConfirmReason goes with confirm: false only`);
  }
  if (confirm === false && (noConfirmReason?.trim().length ?? 0) < MIN_REASON_LENGTH) {
    throw new TypeError(
      `${where}: confirm: false needs noConfirmReason, a sentence saying why no confirmation is needed`,
    );
  }
  if (annotations.destructiveHint && confirm === undefined) {
    throw new TypeError(
      `${where}: a destructive tool needs confirm: { message }, or confirm: false with noConfirmReason saying why it is safe without`,
    );
  }
}
