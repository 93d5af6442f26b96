import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError } from "../cli-error.js";
import type { Io } from "../io.js";

const GENERATOR = join("templates", "generator", "dist", "bin.js");

/** Runs the generator of the agent-mesh checkout the current directory is in. */
export async function newPlatformCommand(argv: string[], io: Io): Promise<number> {
  const root = findCheckout(io.cwd);
  if (!root) {
    throw new CliError(
      "new-platform works inside a clone of the agent-mesh repository (it adds a package to its workspace)",
      "git clone the agent-mesh repository, run `pnpm install && pnpm build`, then `agent-mesh new-platform <name>` there",
    );
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, GENERATOR), ...argv], {
      cwd: root,
      stdio: "inherit",
    });
    child.once("exit", (code) => resolve(code ?? 1));
    child.once("error", (err) => {
      io.err(`agent-mesh: cannot run the generator: ${err.message}\n`);
      resolve(1);
    });
  });
}

function findCheckout(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, GENERATOR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
