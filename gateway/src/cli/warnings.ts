import type { Mesh } from "../mesh.js";

/** One line per downstream that is not serving, for commands that still go ahead. */
export function notReadyWarnings(mesh: Mesh): string[] {
  return mesh
    .list()
    .filter((downstream) => downstream.state !== "ready")
    .map(
      (downstream) =>
        `warning: ${downstream.name} is ${downstream.state}${downstream.lastError ? `: ${downstream.lastError}` : ""}`,
    );
}
