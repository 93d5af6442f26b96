import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { freeFormKeys, withDefaultMaxLength } from "./input-limits.js";
import { toJsonSchema } from "./json-schema.js";
import { type SensitivePath, sensitivePaths } from "./sensitive.js";
import {
  type AnyObjectSchema,
  CONFIRM_TOKEN_KEY,
  IDEMPOTENCY_KEY,
  type ToolDefinition,
} from "./tool.js";

export type AnyTool = ToolDefinition<AnyObjectSchema, AnyObjectSchema, unknown>;

export interface PreparedTool {
  def: AnyTool;
  /** The tool's input plus the keys core adds; strict, so unknown arguments are refused. */
  input: AnyObjectSchema;
  /** Top-level keys holding free-form JSON, whose size core bounds. */
  freeForm: string[];
  /** The tool as tools/list shows it. */
  listed: Tool;
  /** Where its sensitive inputs are (writeOnly in the JSON Schema), for redaction. */
  sensitive: SensitivePath[];
}

/** Builds, once per runtime, what a tool needs at call time and what clients are shown. */
export function prepareTool(def: AnyTool, confirmations: boolean): PreparedTool {
  const extra: Record<string, z.ZodType> = {};
  if (def.confirm && confirmations) {
    extra[CONFIRM_TOKEN_KEY] = z
      .string()
      .optional()
      .describe("Token from this tool's confirmation_required answer, sent after the user agreed.");
  }
  if (def.idempotent) {
    extra[IDEMPOTENCY_KEY] = z
      .string()
      .min(1)
      .max(255)
      // Providers take it as an HTTP header (Stripe's Idempotency-Key): printable ASCII only.
      .regex(
        /^[\x20-\x7e]+$/,
        "use printable ASCII characters only (no line breaks, no accents or symbols beyond ASCII): it is sent as an HTTP header",
      )
      .optional()
      .describe(
        "Makes retries safe: calls with the same key run once and return the first result.",
      );
  }
  // Every string gets a maximum (the tool's own, or core's default), shown to clients too.
  const input = withDefaultMaxLength(
    Object.keys(extra).length > 0 ? def.input.extend(extra) : def.input,
  ).strict();
  const inputSchema = toJsonSchema(input, "input");
  return {
    def,
    input,
    freeForm: freeFormKeys(def.input),
    listed: {
      name: def.name,
      title: def.title,
      description: def.description,
      inputSchema,
      outputSchema: toJsonSchema(def.output, "output"),
      annotations: { title: def.title, ...def.annotations },
    },
    sensitive: sensitivePaths(inputSchema),
  };
}
