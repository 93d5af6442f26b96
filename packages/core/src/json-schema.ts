import { z } from "zod";

export type JsonSchemaObject = { type: "object"; [key: string]: unknown };

/** A zod object as the JSON Schema MCP clients see (input side for arguments, output for results). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return { ...json, type: "object" } as JsonSchemaObject;
}

/** Formats zod issues as one line a model or person can act on: `limit: Too big: expected <=100`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length > 0 ? clip(issue.path.map(String).join("."), 80) : "(input)";
      return `${path}: ${clip(issue.message, 200)}`;
    })
    .join("; ");
}

/** Zod repeats what it was given in some messages (unknown keys): never more than a prefix. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
