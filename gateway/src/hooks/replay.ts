import type { MeshState } from "../state/index.js";
import type { Delivery } from "./delivery.js";

/** How long a delivery id is remembered when its scheme signs no timestamp (GitHub, Twilio, Vercel). */
export const UNTIMED_REPLAY_WINDOW_MS = 3 * 24 * 3600_000;

/**
 * Replay protection in the shared state, so every replica refuses a delivery any of them took:
 * the key is the source, the delivery id and the signed timestamp (a platform's retry of the
 * same event is signed anew, so only a copy of one request is refused). A claim is released
 * when the delivery could not be handled, so the platform's retry is not refused for it.
 */
export class ReplayGuard {
  constructor(
    private readonly state: MeshState,
    private readonly toleranceMs: number,
  ) {}

  /** True when this is the first time this delivery (id and timestamp) is seen. */
  claim(delivery: Delivery): Promise<boolean> {
    // Past the tolerance, a timestamped copy is refused as stale anyway: remember it that long.
    const ttl = delivery.timestamp === undefined ? UNTIMED_REPLAY_WINDOW_MS : this.toleranceMs * 2;
    return this.state.claim(this.key(delivery), "1", ttl);
  }

  release(delivery: Delivery): Promise<void> {
    return this.state.delete(this.key(delivery));
  }

  private key(delivery: Delivery): string {
    return `hooks:delivery:${delivery.source}:${delivery.id}:${delivery.timestamp ?? "-"}`;
  }
}
