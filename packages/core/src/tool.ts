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
   * the client too, to name resolved resources; a PlatformError thrown here (policy_denied, say)
   * is answered at once, so nobody confirms what would be refused anyway.
   */
  message: (input: I, client: C) => string;
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
  /** Dangerous calls: the first call answers confirmation_required with a token (or elicits). */
  confirm?: ConfirmSpec<z.output<I>, C>;
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
  return definition;
}
