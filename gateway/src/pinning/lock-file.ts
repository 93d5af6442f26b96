import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** mesh.lock: the pin of every third-party tool the operator accepted, by server and tool. */
export interface MeshLock {
  version: 1;
  servers: Record<string, Record<string, string>>;
}

/** mesh.lock sits beside mesh.yaml; commit it. */
export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), "mesh.lock");
}

/** Reads mesh.lock; a missing file is an empty lock, a broken one an error that says where. */
export function readLock(path: string): MeshLock {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, servers: {} };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); restore it from git`);
  }
  const servers = (parsed as { servers?: unknown } | null)?.servers;
  if (!servers || typeof servers !== "object" || Array.isArray(servers)) {
    throw new Error(`${path} has no "servers" object; restore it from git`);
  }
  return { version: 1, servers: servers as MeshLock["servers"] };
}

/** Writes mesh.lock atomically, servers and tools sorted so diffs stay small. */
export function writeLock(path: string, lock: MeshLock): void {
  const servers = Object.fromEntries(
    Object.keys(lock.servers)
      .sort()
      .map((server) => {
        const tools = lock.servers[server] ?? {};
        return [
          server,
          Object.fromEntries(
            Object.keys(tools)
              .sort()
              .map((t) => [t, tools[t]]),
          ),
        ];
      }),
  );
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, servers }, null, 2)}\n`);
  renameSync(temporary, path);
}
