import type { WorkflowDefinition } from "./config/schema.js";

export class WorkflowInputError extends Error {
  readonly code = "invalid_request";
}

/**
 * A run's params checked against the workflow's declaration: defaults filled in, each value of
 * its declared type and enum, required ones present, unknown ones refused. The short form
 * declares none and takes any (each step receives the ones its tool names).
 */
export function checkParams(
  name: string,
  definition: WorkflowDefinition,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const declared = definition.params;
  const shortForm = definition.steps.every((s) => s.pass_params);
  if (shortForm && Object.keys(declared).length === 0) return { ...given };
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(declared, key))
      problems.push(
        `unknown param "${key}" (${name} takes: ${Object.keys(declared).join(", ") || "none"})`,
      );
  }
  for (const [key, spec] of Object.entries(declared)) {
    let value = given[key];
    if (value === undefined) value = spec.default;
    if (value === undefined) {
      if (spec.required !== false)
        problems.push(
          `param "${key}" is required${spec.description ? ` (${spec.description})` : ""}`,
        );
      continue;
    }
    value = coerce(value, spec.type);
    if (!ofType(value, spec.type)) {
      problems.push(`param "${key}" must be a ${spec.type}, got ${JSON.stringify(value)}`);
      continue;
    }
    if (spec.enum && !spec.enum.includes(value as never)) {
      problems.push(
        `param "${key}" must be one of ${spec.enum.join(", ")}, got ${JSON.stringify(value)}`,
      );
      continue;
    }
    out[key] = value;
  }
  if (problems.length > 0) throw new WorkflowInputError(`${name}: ${problems.join("; ")}`);
  return out;
}

// Values typed on a command line (key=value) or in a prompt arrive as strings.
function coerce(value: unknown, type: string): unknown {
  if (typeof value !== "string") return value;
  if (
    (type === "number" || type === "integer") &&
    value.trim() !== "" &&
    Number.isFinite(Number(value))
  )
    return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  if (type === "object" || type === "array") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function ofType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    default:
      return value !== null && typeof value === "object" && !Array.isArray(value);
  }
}

/** The params as a JSON Schema, for the workflow's prompt and tool listings. */
export function paramsSchema(definition: WorkflowDefinition): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(definition.params)) {
    properties[key] = {
      type: spec.type,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.enum ? { enum: spec.enum } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
    if (spec.default === undefined && spec.required !== false) required.push(key);
  }
  return { type: "object", properties, required };
}
