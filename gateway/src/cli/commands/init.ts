import { existsSync, writeFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { AnyPlatform } from "@agent-mesh/core";
import { formatIssue, parseConfig } from "../../config/load.js";
import { settingKey } from "../../config/schema.js";
import { loadPlatforms } from "../../platforms.js";
import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const INIT_HELP = `Usage: agent-mesh init [--file FILE] [--force] [--print]

Writes a commented starter mesh.yaml. A platform is enabled when one of its settings is set in
the environment (VERCEL_TOKEN, AWS_PROFILE, AWS_ACCESS_KEY_ID, ...); the file refers to those
variables as \${VAR}, never their values. Everything else is there, commented out.
  --file FILE     where to write (default ./mesh.yaml)
  --force         overwrite an existing file
  --print         print the file instead of writing it
`;

export async function initCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("init", argv, {
    file: { type: "string" },
    force: { type: "boolean" },
    print: { type: "boolean" },
  });
  if (values.help) {
    io.out(INIT_HELP);
    return 0;
  }
  const given = text(values, "file") ?? "mesh.yaml";
  const file = isAbsolute(given) ? given : resolve(io.cwd, given);
  const platforms = await loadPlatforms();
  const { yaml, found } = starterConfig(platforms, io.env);
  // What it writes must load: a variable with a bad value is reported now, not at `start`.
  const loaded = parseConfig(yaml, file, platforms, io.env);
  if (!loaded.ok) {
    throw new CliError(
      `the environment has values the config would reject: ${loaded.issues.map(formatIssue).join("; ")}`,
      "fix those variables, then run `agent-mesh init` again",
    );
  }
  if (values.print) {
    io.out(yaml);
    return 0;
  }
  if (existsSync(file) && !values.force) {
    throw new CliError(
      `${file} exists; not overwriting it`,
      "run with --force to replace it, or --print to see the starter",
      1,
    );
  }
  writeFileSync(file, yaml);
  io.err(
    `wrote ${file}: ${found.length ? `${found.join(", ")} from the environment` : "no platform credentials in the environment; every platform is commented out"}\n` +
      "next: agent-mesh doctor\n",
  );
  return 0;
}

function isSet(env: Record<string, string | undefined>, name: string): boolean {
  return (env[name] ?? "").trim() !== "";
}

/** The starter mesh.yaml for the platforms whose settings the environment has. */
export function starterConfig(
  platforms: readonly AnyPlatform[],
  env: Record<string, string | undefined>,
): { yaml: string; found: string[] } {
  const found = platforms.filter((platform) =>
    Object.values(platform.config).some((setting) => isSet(env, setting.env)),
  );
  const lines = [
    "# agent-mesh config: docs/gateway.md explains every key. Check it with `agent-mesh doctor`.",
    "# Values are never written here: ${VAR} reads them from the environment when the gateway starts.",
    "version: 1",
    "",
    "# gateway:",
    "#   port: 7420                  # or --port",
    "#   host: 127.0.0.1",
    "",
    "# First-party platforms. With this section, only the platforms it lists are mounted.",
    `${found.length ? "" : "# "}integrations:`,
  ];
  for (const platform of platforms) {
    const on = found.includes(platform);
    lines.push(
      on
        ? `  ${platform.name}:    # found in the environment`
        : `  # ${platform.name}:    # set its variables and uncomment`,
    );
    for (const [key, setting] of Object.entries(platform.config)) {
      const line = `${settingKey(key)}: \${${setting.env}}`;
      const comment = `# ${setting.description}`;
      if (on && isSet(env, setting.env)) lines.push(`    ${line}    ${comment}`);
      else lines.push(`    # ${line}    ${comment}`);
    }
  }
  lines.push(
    "",
    "# Third-party MCP servers, stdio or Streamable HTTP:",
    "# servers:",
    "#   github:",
    "#     command: npx",
    '#     args: [-y, "@modelcontextprotocol/server-github"]',
    "#     env:",
    "#       GITHUB_PERSONAL_ACCESS_TOKEN: ${GITHUB_TOKEN}",
    "#   docs:",
    "#     url: https://mcp.example.com/mcp",
    "#     headers:",
    "#       Authorization: Bearer ${DOCS_TOKEN}",
    "",
  );
  return { yaml: lines.join("\n"), found: found.map((platform) => platform.name) };
}
