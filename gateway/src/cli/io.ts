/** Where the CLI writes: injectable so tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Progress lines are shown only where a person is watching. */
  interactive: boolean;
  /** Asks the person at the terminal and returns their line; absent without a terminal. */
  ask?: (question: string) => Promise<string>;
}

export function processIo(): Io {
  const terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY),
    ...(terminal ? { ask: askOnTerminal } : {}),
  };
}

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Shows `message` if `work` takes longer than a moment, and how long it took. */
export async function withProgress<T>(io: Io, message: string, work: Promise<T>): Promise<T> {
  if (!io.interactive) return work;
  const started = Date.now();
  const timer = setTimeout(() => io.err(`${message}...\n`), 400);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    if (Date.now() - started >= 400)
      io.err(`${message}: done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }
}
