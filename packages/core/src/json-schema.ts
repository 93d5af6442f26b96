import { z } from "zod";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";

export type JsonSchemaObject = { type: "object"; [key: string]: unknown };

/** A zod object as the JSON Schema MCP clients see (input side for arguments, output for results). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchemaObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return { ...json, type: "object" } as JsonSchemaObject;
}

/** Formats zod issues as one line a model or person can act on: `limit: Too big: expected <=100`. */
export function describeIssues(error: z.ZodError, expected?: ExpectedKeys): string {
  const described = error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length > 0 ? clip(issue.path.map(String).join("."), 80) : "(input)";
      if (issue.code === "unrecognized_keys" && expected && issue.path.length === 0) {
        return issue.keys.map((key) => unknownKey(key, expected)).join("; ");
      }
      return `${path}: ${clip(issue.message, 200)}`;
    })
    .join("; ");
  // When the argument names were wrong or missing, say which ones the tool takes.
  const aboutKeys = error.issues.some(
    (issue) =>
      issue.path.length <= 1 &&
      (issue.code === "unrecognized_keys" ||
        (issue.code === "invalid_type" && issue.input === undefined)),
  );
  return expected && aboutKeys ? `${described}. ${takes(expected)}` : described;
}

/** A tool's top-level argument names, to explain a wrong or missing one. */
export interface ExpectedKeys {
  all: string[];
  required: string[];
}

function unknownKey(key: string, expected: ExpectedKeys): string {
  const suggestion = nearest(key, expected.all);
  return `unknown argument ${quote(key, 40)}${suggestion ? `; did you mean ${suggestion}?` : ""}`;
}

function takes({ all, required }: ExpectedKeys): string {
  if (all.length === 0) return "This tool takes no arguments.";
  const names = all.map((key) => (required.includes(key) ? `${key} (required)` : key));
  return `This tool takes: ${names.join(", ")}.`;
}

/** Zod repeats what it was given in some messages (unknown keys): never more than a prefix. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
