import { nearest } from "../config/suggest.js";
import { CliError } from "./cli-error.js";
import { callCommand } from "./commands/call.js";
import { claudeCommand } from "./commands/claude.js";
import { doctorCommand } from "./commands/doctor.js";
import { newPlatformCommand } from "./commands/new-platform.js";
import { startCommand } from "./commands/start.js";
import { toolsCommand } from "./commands/tools.js";
import type { Io } from "./io.js";

export const VERSION = "0.1.0";

const COMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  start: startCommand,
  tools: toolsCommand,
  call: callCommand,
  doctor: doctorCommand,
  claude: claudeCommand,
  "new-platform": newPlatformCommand,
};

export const HELP = `agent-mesh ${VERSION}: one MCP endpoint for every platform your product runs on.

Usage: agent-mesh <command> [options]

Commands:
  start          run the gateway (HTTP at http://127.0.0.1:7420/mcp, or --stdio)
  tools          list the mesh's tools
  call           call one tool from the shell
  doctor         check the config, credentials and servers, and say what to fix
  claude         print (or --write) the command that connects Claude Code
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
  const run = COMMANDS[command];
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
