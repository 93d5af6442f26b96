import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hashOf } from "./stable-json.js";
import type { SharedState } from "./state.js";

export type ConfirmCheck = "ok" | "malformed" | "mismatch" | "expired" | "used";

export interface ConfirmationOptions {
  /** How long a token stays valid (default five minutes). */
  ttlMs?: number;
  now?: () => number;
  /**
   * Where the signing key and spent tokens are kept. With state shared by several processes
   * (gateway replicas on one Redis), a token issued by one is accepted exactly once by any.
   * Default: this process's memory.
   */
  state?: SharedState;
  /** The signing key, from config; default a random key claimed once in `state`. */
  secret?: string;
}

/** Where the first process to need a key stores it; the others read it. */
export const CONFIRM_KEY_STATE = "confirm:signing-key";
const KEY_TTL_MS = 365 * 24 * 60 * 60_000;

/**
 * Issues short-lived, single-use tokens bound to one tool and its exact arguments. A token is
 * signed with a key from config or from the shared state, so it cannot be forged or reused for
 * other arguments; "used once" is recorded in the shared state.
 */
export class ConfirmationManager {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly state: SharedState | undefined;
  private readonly used = new Map<string, number>();
  private key: Promise<Buffer> | undefined;

  constructor(options: ConfirmationOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.state = options.state;
    if (options.secret !== undefined) this.key = Promise.resolve(Buffer.from(options.secret));
    else if (!this.state) this.key = Promise.resolve(randomBytes(32));
  }

  async issue(tool: string, args: unknown): Promise<{ token: string; expiresAt: string }> {
    const expiresAt = this.now() + this.ttlMs;
    const payload = `${expiresAt}.${hashOf(tool, args)}`;
    return {
      token: `${payload}.${sign(await this.signingKey(), payload)}`,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Checks a token and, when it is good, spends it. */
  async redeem(tool: string, args: unknown, token: string): Promise<ConfirmCheck> {
    const [expiry, hash, signature] = token.split(".");
    if (!expiry || !hash || !signature || token.split(".").length !== 3) return "malformed";
    let key = await this.signingKey();
    if (!matches(key, `${expiry}.${hash}`, signature) && this.state) {
      // Another process may have stored a different key (the store was emptied meanwhile).
      key = await this.sharedKey(this.state, key);
    }
    if (!matches(key, `${expiry}.${hash}`, signature)) return "malformed";
    const expiresAt = Number(expiry);
    const now = this.now();
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return "expired";
    if (hash !== hashOf(tool, args)) return "mismatch";
    return (await this.spend(signature, expiresAt, now)) ? "ok" : "used";
  }

  private async spend(signature: string, expiresAt: number, now: number): Promise<boolean> {
    if (this.state) return this.state.claim(`confirm:used:${signature}`, "1", expiresAt - now);
    for (const [spent, until] of this.used) if (until <= now) this.used.delete(spent);
    if (this.used.has(signature)) return false;
    this.used.set(signature, expiresAt);
    return true;
  }

  /** The key in the state now; ours is put back if it is missing, so a bad token cannot rotate it. */
  private async sharedKey(state: SharedState, current: Buffer): Promise<Buffer> {
    await state.claim(CONFIRM_KEY_STATE, current.toString(), KEY_TTL_MS);
    const stored = await state.get(CONFIRM_KEY_STATE);
    if (stored === undefined || stored === current.toString()) return current;
    const key = Buffer.from(stored);
    this.key = Promise.resolve(key);
    return key;
  }

  private signingKey(): Promise<Buffer> {
    const state = this.state;
    if (this.key) return this.key;
    if (!state) {
      this.key = Promise.resolve(randomBytes(32));
      return this.key;
    }
    const loading = (async () => {
      const fresh = randomBytes(32).toString("base64url");
      if (await state.claim(CONFIRM_KEY_STATE, fresh, KEY_TTL_MS)) return Buffer.from(fresh);
      const stored = await state.get(CONFIRM_KEY_STATE);
      if (stored === undefined) throw new Error("the confirmation signing key vanished");
      return Buffer.from(stored);
    })();
    // A failed load (the store is down) is retried by the next call, not cached.
    this.key = loading;
    loading.catch(() => {
      if (this.key === loading) this.key = undefined;
    });
    return loading;
  }
}

function sign(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

function matches(key: Buffer, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
