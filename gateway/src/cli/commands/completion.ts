import { CliError } from "../cli-error.js";
import { bashScript, fishScript, zshScript } from "../completion/scripts.js";
import { COMPLETION_HELP, commandSpecs, SHELLS } from "../completion/spec.js";
import type { Io } from "../io.js";
import { readRecord } from "../running-gateway.js";
import { openTarget } from "../target.js";

export async function completionCommand(argv: string[], io: Io): Promise<number> {
  const [shell, ...extra] = argv;
  if (shell === "--help" || shell === "-h") {
    io.out(COMPLETION_HELP);
    return 0;
  }
  if (!shell || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
    throw new CliError(
      `completion: name one shell (${SHELLS.join(", ")})${shell ? `, not "${[shell, ...extra].join(" ")}"` : ""}`,
      "agent-mesh completion bash|zsh|fish",
      2,
    );
  }
  const specs = commandSpecs();
  io.out(
    shell === "bash" ? bashScript(specs) : shell === "zsh" ? zshScript(specs) : fishScript(specs),
  );
  return 0;
}

/**
 * `agent-mesh __complete tools`: the tool names of the running gateway, one a line, for the
 * completion scripts. Hidden; prints nothing (and exits 0) when no gateway runs, so a Tab
 * press never starts a mesh or prints an error into the command line.
 */
export async function completeCommand(argv: string[], io: Io): Promise<number> {
  if (argv[0] !== "tools") return 0;
  if (!io.env.AGENT_MESH_URL && !readRecord(io.env)) return 0;
  const quiet = { ...io, err: () => {}, interactive: false };
  try {
    const target = await openTarget(quiet, {});
    try {
      const tools = await target.tools();
      io.out(tools.map((tool) => `${tool.name}\n`).join(""));
    } finally {
      await target.close();
    }
  } catch {
    // No answer from the gateway: no suggestions.
  }
  return 0;
}
