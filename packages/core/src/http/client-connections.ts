import type { Socket } from "node:net";

/**
 * Who to tell when a client connection closes: one `close` listener per socket however many
 * sessions it carries (a keep-alive connection serves many), so none piles up listeners.
 */
const watchers = new WeakMap<Socket, Set<(socket: Socket) => void>>();

/** Calls `onClosed` once when `socket` closes (at once if it already has). */
export function watchClose(socket: Socket, onClosed: (socket: Socket) => void): void {
  if (socket.destroyed) {
    onClosed(socket);
    return;
  }
  let set = watchers.get(socket);
  if (!set) {
    const created = new Set<(socket: Socket) => void>();
    set = created;
    watchers.set(socket, created);
    socket.once("close", () => {
      watchers.delete(socket);
      for (const watcher of created) watcher(socket);
    });
  }
  set.add(onClosed);
}

/** Stops watching `socket` for `onClosed` (a session that ended before its client's connection). */
export function unwatchClose(socket: Socket, onClosed: (socket: Socket) => void): void {
  watchers.get(socket)?.delete(onClosed);
}
