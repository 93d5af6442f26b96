import { ClientRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";

type RequestSchema = (typeof ClientRequestSchema.options)[number];

let byMethod: Map<string, RequestSchema> | undefined;

/** The SDK's schema for a client request method, to check params before the SDK parses them. */
export function paramsSchemaFor(method: string): RequestSchema | undefined {
  byMethod ??= new Map(
    ClientRequestSchema.options.map((schema) => [schema.shape.method.value, schema]),
  );
  return byMethod.get(method);
}

/** One sentence for the first problem, e.g. `"arguments" must be an object, not an array`. */
export function describeParamsIssue(method: string, error: z.ZodError, request: unknown): string {
  const issue = error.issues[0];
  if (!issue) return `Invalid params for ${method}`;
  const path = issue.path.filter((part, index) => !(index === 0 && part === "params"));
  const where = path.length > 0 ? `"${path.map(String).join(".")}"` : '"params"';
  if (issue.code === "invalid_type") {
    const sent = at(request, issue.path);
    const received = sent === undefined ? "missing" : describeValue(sent);
    const expected = EXPECTED[issue.expected] ?? `of type ${issue.expected}`;
    return `Invalid params for ${method}: ${where} must be ${expected}, not ${received}`;
  }
  return `Invalid params for ${method}: ${where}: ${issue.message}`;
}

const EXPECTED: Record<string, string> = {
  record: "an object",
  object: "an object",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  array: "an array",
};

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function at(value: unknown, path: PropertyKey[]): unknown {
  let here = value;
  for (const part of path) {
    if (typeof here !== "object" || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[part];
  }
  return here;
}
