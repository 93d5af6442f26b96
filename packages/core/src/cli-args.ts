import { parseArgs } from "node:util";

export type ServeCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "stdio" }
  | { kind: "http"; port: number }
  | { kind: "error"; message: string };

/** Parses a platform bin's arguments; never throws, so the bin can print a clear message. */
export function parseServeArgs(argv: string[]): ServeCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    return { kind: "error", message: (err as Error).message };
  }
  const { values } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (values.http === undefined) return { kind: "stdio" };
  const port = Number(values.http);
  if (!/^\d+$/.test(values.http) || port > 65535) {
    return {
      kind: "error",
      message: `--http takes a port number from 0 to 65535, not "${values.http}"`,
    };
  }
  return { kind: "http", port };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      http: { type: "string" },
    },
  });
}
