import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite is one process's database: a second process opening the same files would corrupt
 * them. The process that opens it leaves its pid in `owner.pid`; another live process is refused
 * (use the running gateway, or `database:` for a PostgreSQL server several processes share).
 */
export function claimDirectory(directory: string): () => void {
  const file = join(directory, "owner.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (ownerOf(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = ownerOf(file);
      if (owner !== undefined && owner !== process.pid && alive(owner)) {
        throw new Error(
          `the embedded database at ${directory} is in use by process ${owner} (a running gateway?): run the command against it (without --local), or give every process one PostgreSQL with \`database:\` in mesh.yaml`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`could not claim the embedded database at ${directory}`);
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
