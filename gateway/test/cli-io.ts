import type { Io } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The questions the CLI asked, in order. */
  asked: string[];
}

/**
 * Runs the CLI in-process with an injected Io. `answers` makes it a terminal: each question
 * gets the next answer; without them there is no terminal (no `ask`), as under a pipe.
 */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; answers?: string[] } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const asked: string[] = [];
  const answers = options.answers ? [...options.answers] : undefined;
  const io: Io = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AGENT_MESH_HOME: process.env.AGENT_MESH_HOME,
      AGENT_MESH_LOG_LEVEL: "error",
      ...options.env,
    },
    cwd: options.cwd ?? process.cwd(),
    interactive: false,
    ...(answers
      ? {
          ask: async (question: string) => {
            asked.push(question);
            return answers.shift() ?? "";
          },
        }
      : {}),
  };
  const code = await main(args, io);
  return { code, stdout, stderr, asked };
}
