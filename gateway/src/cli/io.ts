/** Where the CLI writes: injectable so tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Progress lines are shown only where a person is watching. */
  interactive: boolean;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY),
  };
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
