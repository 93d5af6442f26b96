import { INPUT_LIMITS, inputProblem } from "@agent-mesh/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { JsonSchemaType } from "@modelcontextprotocol/sdk/validation/types.js";

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * A check of a mesh tool's arguments against its input schema, with core's limits (lone
 * surrogates, nesting, free-form size, and strings at most INPUT_LIMITS.defaultMaxLength where
 * the schema sets no maxLength), as first-party tools get. Returns the problem, or undefined.
 */
export function inputChecker(
  inputSchema: Tool["inputSchema"],
  validator = new AjvJsonSchemaValidator(),
): (args: unknown) => string | undefined {
  const schema = inputSchema as Schema;
  const properties = schema.properties ?? {};
  const freeForm = Object.entries(properties)
    .filter(([, p]) => p.type === undefined || (p.type === "object" && !p.properties))
    .map(([key]) => key);
  const bounded: Schema = {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([key, p]) => [
        key,
        p.type === "string" && p.maxLength === undefined
          ? { ...p, maxLength: INPUT_LIMITS.defaultMaxLength }
          : p,
      ]),
    ),
  };
  const validate = validator.getValidator(bounded as JsonSchemaType);
  return (args) => {
    const problem = inputProblem(args, freeForm);
    if (problem) return problem;
    const result = validate(args);
    return result.valid ? undefined : `invalid arguments: ${result.errorMessage}`;
  };
}
