import { join } from "node:path";
import { parse, text } from "../args.js";
import { CliError } from "../cli-error.js";
import { writeEntry } from "../connect/config-file.js";
import { launchFor } from "../connect/launch.js";
import type { Io } from "../io.js";

export const CLAUDE_HELP = `Usage: agent-mesh claude [--stdio] [--name NAME] [--port N] [--config FILE] [--sandbox] [--write [--force]]

Prints the command that connects Claude Code to this mesh.
  (default)       over HTTP, to a gateway started with \`agent-mesh start\`
  --stdio         Claude Code starts the gateway itself, over stdio
  --name NAME     the server's name in Claude Code (default mesh)
  --sandbox       (with --stdio) start it in sandbox mode
  --write         also add it to ./.mcp.json (the project's shared MCP config), keeping other servers
  --force         (with --write) replace a different entry of the same name without asking
Same as \`agent-mesh connect claude-code\`, which also knows Claude Desktop, Cursor, VS Code and Windsurf.
`;

export function claudeHttpCommand(name: string, url: string, tokens: boolean): string {
  const header = tokens ? ` --header "Authorization: Bearer $AGENT_MESH_TOKEN"` : "";
  return `claude mcp add --transport http${header} ${name} ${url}`;
}

export async function claudeCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("claude", argv, {
    stdio: { type: "boolean" },
    name: { type: "string" },
    port: { type: "string" },
    config: { type: "string", short: "c" },
    sandbox: { type: "boolean" },
    write: { type: "boolean" },
    force: { type: "boolean" },
  });
  if (values.help) {
    io.out(CLAUDE_HELP);
    return 0;
  }
  const name = text(values, "name") ?? "mesh";
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new CliError(`--name "${name}" must be letters, digits, _ and -`, undefined, 2);
  // How Claude Code reaches the mesh: the same answer `agent-mesh connect` gives.
  const launch = await launchFor(io, values);
  let entry: Record<string, unknown>;
  if (launch.kind === "stdio") {
    // Claude Code expands ${VAR} in .mcp.json: the token stays out of the file.
    entry = { type: "stdio", command: launch.command, args: launch.args };
    io.out(`claude mcp add ${name} -- ${[launch.command, ...launch.args].map(quote).join(" ")}\n`);
  } else {
    const { url, tokens } = launch;
    entry = {
      type: "http",
      url,
      ...(tokens ? { headers: { Authorization: "Bearer ${AGENT_MESH_TOKEN}" } } : {}),
    };
    io.out(`${claudeHttpCommand(name, url, tokens)}\n`);
    if (tokens)
      io.err(
        "note: export AGENT_MESH_TOKEN with a client's token (gateway.clients or gateway.tokens) first; the token itself is never printed\n",
      );
  }
  if (values.write) {
    // The same writer as `agent-mesh connect claude-code`: never replaces an entry silently.
    const file = join(io.cwd, ".mcp.json");
    if (!(await writeEntry(io, file, name, { key: "mcpServers", entry }, values.force === true)))
      return 1;
    io.err(`wrote ${name} to ${file}\n`);
  }
  return 0;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
