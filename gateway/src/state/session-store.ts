import type { Logger, SessionStore } from "@agent-mesh/core";
import type { MeshState } from "./mesh-state.js";

const ENDED = "sessions:ended";

/** Core's HTTP session store on the mesh state: session metadata, and "ended" to every replica. */
export function sessionStore(state: MeshState, logger: Logger): SessionStore {
  return {
    state,
    ended: {
      publish: (id) => state.publish(ENDED, id),
      subscribe: (onEnded) => state.subscribe(ENDED, onEnded),
    },
    onError: (err) =>
      logger.warn("could not save session metadata; the session lives on this replica only", {
        error: err instanceof Error ? err.message : String(err),
      }),
  };
}
