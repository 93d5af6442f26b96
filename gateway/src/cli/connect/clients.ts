import { homedir } from "node:os";
import { join } from "node:path";
import { CliError } from "../cli-error.js";

/** How the client reaches the gateway: its URL over HTTP, or a command it starts over stdio. */
export type Launch =
  | { kind: "http"; url: string; tokens: boolean }
  | { kind: "stdio"; command: string; args: string[] };

export interface ClientEntry {
  /** The top-level key that holds the servers (mcpServers, or VS Code's servers). */
  key: string;
  entry: Record<string, unknown>;
  /** Top-level keys to merge besides the servers (VS Code's inputs). */
  extra?: Record<string, unknown[]>;
  /** What the person still has to do, one line. */
  note?: string;
}

export interface McpClient {
  id: string;
  title: string;
  /** Where the config lives; `project` is the working directory. */
  file(env: Record<string, string | undefined>, project: string, global: boolean): string;
  /** Whether --global chooses between a project and a user file. */
  scopes: boolean;
  entry(launch: Launch, name: string): ClientEntry;
}

const TOKEN_NOTE =
  "export AGENT_MESH_TOKEN with a client's token (gateway.clients or gateway.tokens) in the environment the client starts from; the token itself is never written";

function home(env: Record<string, string | undefined>): string {
  return env.HOME || env.USERPROFILE || homedir();
}

function stdio(launch: Extract<Launch, { kind: "stdio" }>) {
  return { command: launch.command, args: launch.args };
}

/**
 * Every client `agent-mesh connect` knows, with its documented config file and shape:
 * - Claude Code: project `.mcp.json`, `mcpServers`, `type: "http"` + `headers`, `${VAR}`
 *   expanded (https://docs.anthropic.com/en/docs/claude-code/mcp, "project scope").
 * - Claude Desktop: `claude_desktop_config.json` in ~/Library/Application Support/Claude (macOS),
 *   %APPDATA%\Claude (Windows), ~/.config/Claude (Linux builds); `mcpServers` with
 *   command/args/env only: remote servers are added under Settings > Connectors instead
 *   (https://modelcontextprotocol.io/quickstart/user).
 * - Cursor: `.cursor/mcp.json` (project) or ~/.cursor/mcp.json (global), `mcpServers`, `url` +
 *   `headers`, `${env:VAR}` interpolated (https://cursor.com/docs/mcp).
 * - VS Code: `.vscode/mcp.json`, `servers` with `type: "http"` + `url` + `headers`, secrets
 *   through `inputs` and `${input:id}` (https://code.visualstudio.com/docs/copilot/reference/mcp-configuration).
 * - Windsurf: ~/.codeium/windsurf/mcp_config.json (%USERPROFILE% on Windows), `mcpServers`,
 *   `serverUrl` + `headers`, `${env:VAR}` interpolated (https://docs.windsurf.com/windsurf/cascade/mcp).
 */
export const MCP_CLIENTS: readonly McpClient[] = [
  {
    id: "claude-code",
    title: "Claude Code",
    scopes: false,
    file: (_env, project) => join(project, ".mcp.json"),
    entry: (launch) => {
      if (launch.kind === "stdio")
        return { key: "mcpServers", entry: { type: "stdio", ...stdio(launch) } };
      return {
        key: "mcpServers",
        entry: {
          type: "http",
          url: launch.url,
          ...(launch.tokens ? { headers: { Authorization: "Bearer ${AGENT_MESH_TOKEN}" } } : {}),
        },
        ...(launch.tokens ? { note: TOKEN_NOTE } : {}),
      };
    },
  },
  {
    id: "claude-desktop",
    title: "Claude Desktop",
    scopes: false,
    file: (env) => {
      if (env.APPDATA) return join(env.APPDATA, "Claude", "claude_desktop_config.json");
      if (process.platform === "darwin")
        return join(
          home(env),
          "Library",
          "Application Support",
          "Claude",
          "claude_desktop_config.json",
        );
      return join(
        env.XDG_CONFIG_HOME || join(home(env), ".config"),
        "Claude",
        "claude_desktop_config.json",
      );
    },
    entry: (launch) => {
      if (launch.kind === "http") {
        // Its config file starts local servers only; a URL is added in the app.
        throw new CliError(
          "Claude Desktop's config file starts local (stdio) servers only",
          `run \`agent-mesh connect claude-desktop --stdio\`, or add ${launch.url} in the app under Settings > Connectors`,
          2,
        );
      }
      return { key: "mcpServers", entry: stdio(launch), note: "restart Claude Desktop to load it" };
    },
  },
  {
    id: "cursor",
    title: "Cursor",
    scopes: true,
    file: (env, project, global) =>
      global ? join(home(env), ".cursor", "mcp.json") : join(project, ".cursor", "mcp.json"),
    entry: (launch) => {
      if (launch.kind === "stdio") return { key: "mcpServers", entry: stdio(launch) };
      return {
        key: "mcpServers",
        entry: {
          url: launch.url,
          ...(launch.tokens
            ? { headers: { Authorization: "Bearer ${env:AGENT_MESH_TOKEN}" } }
            : {}),
        },
        ...(launch.tokens ? { note: TOKEN_NOTE } : {}),
      };
    },
  },
  {
    id: "vscode",
    title: "VS Code",
    scopes: false,
    file: (_env, project) => join(project, ".vscode", "mcp.json"),
    entry: (launch) => {
      if (launch.kind === "stdio")
        return { key: "servers", entry: { type: "stdio", ...stdio(launch) } };
      if (!launch.tokens) return { key: "servers", entry: { type: "http", url: launch.url } };
      // VS Code asks for the token once and keeps it in its secret storage.
      return {
        key: "servers",
        entry: {
          type: "http",
          url: launch.url,
          headers: { Authorization: "Bearer ${input:agent-mesh-token}" },
        },
        extra: {
          inputs: [
            {
              type: "promptString",
              id: "agent-mesh-token",
              description: "agent-mesh gateway token",
              password: true,
            },
          ],
        },
        note: "VS Code asks for the gateway token when it first starts the server",
      };
    },
  },
  {
    id: "windsurf",
    title: "Windsurf",
    scopes: false,
    file: (env) => join(home(env), ".codeium", "windsurf", "mcp_config.json"),
    entry: (launch) => {
      if (launch.kind === "stdio") return { key: "mcpServers", entry: stdio(launch) };
      return {
        key: "mcpServers",
        entry: {
          serverUrl: launch.url,
          ...(launch.tokens
            ? { headers: { Authorization: "Bearer ${env:AGENT_MESH_TOKEN}" } }
            : {}),
        },
        ...(launch.tokens ? { note: TOKEN_NOTE } : {}),
      };
    },
  },
];
