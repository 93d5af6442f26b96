import { nearest } from "../config/suggest.js";
import { CliError } from "./cli-error.js";
import { approvalsCommand } from "./commands/approvals.js";
import { auditCommand } from "./commands/audit.js";
import { callCommand } from "./commands/call.js";
import { claudeCommand } from "./commands/claude.js";
import { completeCommand, completionCommand } from "./commands/completion.js";
import { connectCommand } from "./commands/connect.js";
import { costsCommand } from "./commands/costs.js";
import { doctorCommand } from "./commands/doctor.js";
import { initCommand } from "./commands/init.js";
import { keysCommand } from "./commands/keys.js";
import { newPlatformCommand } from "./commands/new-platform.js";
import { startCommand } from "./commands/start.js";
import { statusCommand } from "./commands/status.js";
import { toolsCommand } from "./commands/tools.js";
import { workflowsCommand } from "./commands/workflows.js";
import type { Io } from "./io.js";

export const VERSION = "0.1.0";

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  start: startCommand,
  tools: toolsCommand,
  call: callCommand,
  doctor: doctorCommand,
  status: statusCommand,
  audit: auditCommand,
  costs: costsCommand,
  approvals: approvalsCommand,
  keys: keysCommand,
  workflows: workflowsCommand,
  connect: connectCommand,
  claude: claudeCommand,
  init: initCommand,
  completion: completionCommand,
  "new-platform": newPlatformCommand,
};

/** Hidden commands: not in the help, never suggested. */
const HIDDEN: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  __complete: completeCommand,
};

/** The commands `agent-mesh --help` lists (the completion scripts offer the same). */
export const COMMAND_NAMES = Object.keys(COMMANDS);

export const HELP = `agent-mesh ${VERSION}: one MCP endpoint for every platform your product runs on.

Usage: agent-mesh <command> [options]

Commands:
  start          run the gateway (HTTP at http://127.0.0.1:7420/mcp, or --stdio)
  tools          list the mesh's tools
  call           call one tool from the shell
  doctor         check the config, credentials and servers, and say what to fix (--json)
  status         the running gateway: downstreams, sessions, calls
  audit          recent audit records (--since 1h, --client, --tool, --code); \`audit verify\` checks the chain
  costs          usage and cost per platform, tool or client (--since 7d, --by, --json)
  approvals      list, approve or deny destructive calls waiting for an operator
  keys           create, list or revoke API keys for scripts and CI
  workflows      list, run and follow durable workflows (runs, show <run>)
  connect        add the mesh to Claude Code, Claude Desktop, Cursor, VS Code or Windsurf
  claude         print (or --write) the command that connects Claude Code
  init           write a commented starter mesh.yaml from the credentials in the environment
  completion     print a bash, zsh or fish completion script
  new-platform   add a platform to an agent-mesh checkout

Try it without credentials:  agent-mesh start --sandbox
Run \`agent-mesh <command> --help\` for a command's options. Docs: docs/gateway.md
`;

/** Runs the CLI; returns the exit code. Errors are one line plus a hint on stderr. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command)
    ? COMMANDS[command]
    : Object.hasOwn(HIDDEN, command)
      ? HIDDEN[command]
      : undefined;
  try {
    if (!run) {
      const suggestion = nearest(command, Object.keys(COMMANDS));
      throw new CliError(
        `unknown command "${command}"`,
        suggestion
          ? `did you mean \`agent-mesh ${suggestion}\`?`
          : "run `agent-mesh --help` for the commands",
        2,
      );
    }
    return await run(rest, io);
  } catch (err) {
    const error =
      err instanceof CliError
        ? err
        : new CliError(err instanceof Error ? err.message : String(err));
    io.err(`agent-mesh: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
    return error.exitCode;
  }
}
