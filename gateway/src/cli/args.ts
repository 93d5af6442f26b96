import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./cli-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export type Values = Record<string, string | boolean | undefined>;

export interface Parsed {
  values: Values;
  positionals: string[];
}

/** Options every command that builds a mesh understands. */
export const MESH_OPTIONS: Options = {
  config: { type: "string", short: "c" },
  sandbox: { type: "boolean" },
};

/** Options of commands that use the running gateway when there is one (tools, call). */
export const TARGET_OPTIONS: Options = {
  ...MESH_OPTIONS,
  url: { type: "string" },
  local: { type: "boolean" },
};

/** Strict parsing: an unknown flag or a missing value is a clear error naming the command. */
export function parse(
  command: string,
  argv: string[],
  options: Options,
  positionals = false,
): Parsed {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: positionals,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (err) {
    const message = (err as Error).message.replace(/^TypeError \[\w+\]: /, "");
    throw new CliError(
      `${command}: ${message}`,
      `run \`agent-mesh ${command} --help\` for usage`,
      2,
    );
  }
}

export function text(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === "string" ? value : undefined;
}

export function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a number from 0 to 65535, not "${value}"`, undefined, 2);
  }
  return port;
}
