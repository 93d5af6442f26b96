import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GenerateError, generatePlatform } from "./generate.js";

export const USAGE = `Usage: pnpm new-platform <name> [--title "Title"] [--no-install]

Creates packages/mcp-<name>, its sandbox stand-in, infra/modules/<name>_integration and
docs/platforms/<name>.md, wires them into the workspace, installs and builds the package.
<name> is lower case letters and digits, e.g. linear.
`;

/** Runs the generator with command-line arguments; returns the exit code. Never prompts. */
export function main(argv: string[], cwd = process.cwd()): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`new-platform: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(
      `new-platform: one name at a time, got ${parsed.positionals.join(", ")}\n`,
    );
    return 2;
  }
  const root = findRoot(cwd);
  if (!root) {
    process.stderr.write(
      "new-platform: run it inside the agent-mesh workspace (no pnpm-workspace.yaml found)\n",
    );
    return 2;
  }
  const name = parsed.positionals[0];
  try {
    const { files } = generatePlatform({
      name,
      title: parsed.values.title,
      root,
      templateDir: templateDir(),
      install: !parsed.values["no-install"],
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(
      `Created @agent-mesh/mcp-${name} (${files.length} files). Next:\n` +
        `  - make the tools real in packages/mcp-${name}/src/tools (one tool per file)\n` +
        `  - make the stand-in speak the API in packages/sandbox/src/${name}\n` +
        `  - pnpm test\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof GenerateError)) throw err;
    process.stderr.write(`new-platform: ${err.message}\nNothing was changed.\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: "string" },
      "no-install": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function findRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** templates/platform, beside this package (src/ or dist/ both sit two levels below it). */
function templateDir(): string {
  return fileURLToPath(new URL("../../platform", import.meta.url));
}
