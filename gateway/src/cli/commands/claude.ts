import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { discoverConfig } from "../../config/discover.js";
import { loadConfigFile } from "../../config/load.js";
import { firstPartyPlatforms } from "../../platforms.js";
import { requiresTokens } from "../../serve/http.js";
import { parse, portOption, text } from "../args.js";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

export const CLAUDE_HELP = `Usage: agent-mesh claude [--stdio] [--name NAME] [--port N] [--config FILE] [--sandbox] [--write]

Prints the command that connects Claude Code to this mesh.
  (default)       over HTTP, to a gateway started with \`agent-mesh start\`
  --stdio         Claude Code starts the gateway itself, over stdio
  --name NAME     the server's name in Claude Code (default mesh)
  --sandbox       (with --stdio) start it in sandbox mode
  --write         also add it to ./.mcp.json (the project's shared MCP config), keeping other servers
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
  });
  if (values.help) {
    io.out(CLAUDE_HELP);
    return 0;
  }
  const name = text(values, "name") ?? "mesh";
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new CliError(`--name "${name}" must be letters, digits, _ and -`, undefined, 2);
  const configPath = discoverConfig(text(values, "config"), io.env, io.cwd);
  let port = portOption(text(values, "port"));
  let tokens = false;
  if (configPath) {
    const loaded = await loadConfigFile(configPath, firstPartyPlatforms, io.env);
    if (!loaded.ok)
      throw new CliError(`${configPath} has problems`, "run `agent-mesh doctor` to see them");
    port ??= loaded.config.gateway.port;
    tokens = requiresTokens(loaded.config.gateway);
  }
  let entry: Record<string, unknown>;
  if (values.stdio) {
    const args = ["-y", "@agent-mesh/gateway", "start", "--stdio"];
    if (configPath) args.push("--config", configPath);
    if (values.sandbox) args.push("--sandbox");
    // Claude Code expands ${VAR} in .mcp.json: the token stays out of the file.
    entry = { type: "stdio", command: "npx", args };
    io.out(`claude mcp add ${name} -- npx ${args.map(quote).join(" ")}\n`);
  } else {
    const url = `http://127.0.0.1:${port ?? 7420}/mcp`;
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
    const file = join(io.cwd, ".mcp.json");
    writeMcpJson(file, name, entry);
    io.err(`wrote ${name} to ${file}\n`);
  }
  return 0;
}

function writeMcpJson(file: string, name: string, entry: Record<string, unknown>): void {
  let current: { mcpServers?: Record<string, unknown> } = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new CliError(
        `${file} is not valid JSON (${(err as Error).message}); not touching it`,
        "fix or remove it, then run again",
      );
    }
    if (typeof current !== "object" || current === null || Array.isArray(current)) {
      throw new CliError(
        `${file} is not a JSON object; not touching it`,
        "fix or remove it, then run again",
      );
    }
  }
  const next = { ...current, mcpServers: { ...(current.mcpServers ?? {}), [name]: entry } };
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
