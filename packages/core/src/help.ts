import type { AnyPlatform } from "./platform.js";

/** The text of a platform bin's --help: usage, environment variables and tools. */
export function helpText(platform: AnyPlatform): string {
  const bin = `mcp-${platform.name}`;
  const settings = Object.values(platform.config).map(
    (s) => `  ${s.env.padEnd(28)} ${s.description}${s.secret ? " (secret)" : ""}`,
  );
  const tools = platform.tools.map((tool) => `  ${tool.name.padEnd(36)} ${tool.title}`);
  return [
    `${bin} ${platform.version}: agent-mesh MCP server for ${platform.title}.`,
    platform.description,
    "",
    "Usage:",
    `  ${bin}                 serve MCP over stdio (for Claude Code and other MCP clients)`,
    `  ${bin} --http <port>   serve Streamable HTTP at http://127.0.0.1:<port>/mcp`,
    `  ${bin} --help | --version`,
    "",
    "Environment:",
    ...settings,
    "  AGENT_MESH_CONFIRMATIONS     set to off to run dangerous tools without a confirmation step",
    "  AGENT_MESH_LOG_LEVEL         debug, info (default), warn or error; logs go to stderr",
    "",
    "Tools:",
    ...tools,
    "",
  ].join("\n");
}
