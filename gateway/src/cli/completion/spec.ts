import { APPROVALS_HELP } from "../commands/approvals.js";
import { AUDIT_HELP } from "../commands/audit.js";
import { CALL_HELP } from "../commands/call.js";
import { CLAUDE_HELP } from "../commands/claude.js";
import { CONNECT_HELP } from "../commands/connect.js";
import { COSTS_HELP } from "../commands/costs.js";
import { DOCTOR_HELP } from "../commands/doctor.js";
import { INIT_HELP } from "../commands/init.js";
import { KEYS_HELP } from "../commands/keys.js";
import { START_HELP } from "../commands/start.js";
import { STATUS_HELP } from "../commands/status.js";
import { TOOLS_HELP } from "../commands/tools.js";
import { WORKFLOWS_HELP } from "../commands/workflows.js";
import { MCP_CLIENTS } from "../connect/clients.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;

export const COMPLETION_HELP = `Usage: agent-mesh completion bash|zsh|fish

Prints a completion script: commands, their flags, client names for \`connect\`, and tool names
for \`call\` and \`tools\` (asked of the running gateway when you press Tab).
  bash   echo 'source <(agent-mesh completion bash)' >> ~/.bashrc
  zsh    echo 'source <(agent-mesh completion zsh)' >> ~/.zshrc     (after compinit)
  fish   agent-mesh completion fish > ~/.config/fish/completions/agent-mesh.fish
`;

export interface CommandSpec {
  name: string;
  flags: string[];
  /** What the first word after the command is. */
  argument?: "tools" | "clients" | "shells";
}

/** The flags a command's help lists, so completion never drifts from what it accepts. */
function flags(help: string): string[] {
  return [...new Set(help.match(/--[a-z][a-z-]*/g) ?? [])].sort();
}

export function commandSpecs(): CommandSpec[] {
  return [
    { name: "start", flags: flags(START_HELP) },
    { name: "tools", flags: flags(TOOLS_HELP), argument: "tools" },
    { name: "call", flags: flags(CALL_HELP), argument: "tools" },
    { name: "doctor", flags: flags(DOCTOR_HELP) },
    { name: "status", flags: flags(STATUS_HELP) },
    { name: "audit", flags: flags(AUDIT_HELP) },
    { name: "costs", flags: flags(COSTS_HELP) },
    { name: "approvals", flags: flags(APPROVALS_HELP) },
    { name: "keys", flags: flags(KEYS_HELP) },
    { name: "workflows", flags: flags(WORKFLOWS_HELP) },
    { name: "connect", flags: flags(CONNECT_HELP), argument: "clients" },
    { name: "claude", flags: flags(CLAUDE_HELP) },
    { name: "init", flags: flags(INIT_HELP) },
    { name: "completion", flags: ["--help"], argument: "shells" },
    { name: "new-platform", flags: ["--help"] },
  ];
}

export function clientIds(): string[] {
  return MCP_CLIENTS.map((client) => client.id);
}
