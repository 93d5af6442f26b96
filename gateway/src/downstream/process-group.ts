import type { ChildProcess } from "node:child_process";

/**
 * Every child the gateway started, by process group. Children run in their own group so that a
 * wrapper (`npx`, `sh -c`, `uvx`) and everything it started are stopped together; on exit the
 * gateway kills whatever groups are left, so nothing outlives it.
 */
const groups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pid = child.pid;
  groups.add(pid);
  child.once("exit", () => {
    // The leader is gone; its group may not be. Stop stragglers, then forget the group.
    signalGroup(pid, "SIGKILL");
    groups.delete(pid);
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killAllGroups);
  }
}

/** Sends `signal` to a child's whole process group; false if the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Synchronous last resort, safe in an exit handler. */
export function killAllGroups(): void {
  for (const pid of groups) signalGroup(pid, "SIGKILL");
  groups.clear();
}

export function liveGroups(): number[] {
  return [...groups];
}
