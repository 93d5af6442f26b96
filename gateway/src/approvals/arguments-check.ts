import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

type Check = (args: unknown) => string | undefined;

const validator = new AjvJsonSchemaValidator();
const checks = new WeakMap<object, Check>();

/**
 * Why the arguments do not fit the tool's input schema, or undefined when they do: nobody is
 * asked to approve a call that cannot run as given. A schema the validator cannot compile
 * checks nothing (the server still validates).
 */
export function argumentsProblem(tool: Tool, args: Record<string, unknown>): string | undefined {
  const schema = tool.inputSchema as object;
  let check = checks.get(schema);
  if (!check) {
    try {
      const validate = validator.getValidator(schema as never);
      check = (input) => {
        const result = validate(input);
        return result.valid ? undefined : result.errorMessage;
      };
    } catch {
      check = () => undefined;
    }
    checks.set(schema, check);
  }
  return check(args);
}
