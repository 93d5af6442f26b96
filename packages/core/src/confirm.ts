import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hashOf } from "./stable-json.js";

export type ConfirmCheck = "ok" | "malformed" | "mismatch" | "expired" | "used";

export interface ConfirmationOptions {
  /** How long a token stays valid (default five minutes). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Issues short-lived, single-use tokens bound to one tool and its exact arguments. A token is
 * signed with a per-process key, so it cannot be forged or reused for other arguments.
 */
export class ConfirmationManager {
  private readonly key = randomBytes(32);
  private readonly used = new Map<string, number>();
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ConfirmationOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async issue(tool: string, args: unknown): Promise<{ token: string; expiresAt: string }> {
    const expiresAt = this.now() + this.ttlMs;
    const payload = `${expiresAt}.${hashOf(tool, args)}`;
    return {
      token: `${payload}.${this.sign(payload)}`,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Checks a token and, when it is good, spends it. */
  async redeem(tool: string, args: unknown, token: string): Promise<ConfirmCheck> {
    const [expiry, hash, signature] = token.split(".");
    if (!expiry || !hash || !signature || token.split(".").length !== 3) return "malformed";
    const expected = Buffer.from(this.sign(`${expiry}.${hash}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "malformed";
    const expiresAt = Number(expiry);
    const now = this.now();
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return "expired";
    if (hash !== hashOf(tool, args)) return "mismatch";
    this.forgetSpent(now);
    if (this.used.has(signature)) return "used";
    this.used.set(signature, expiresAt);
    return "ok";
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }

  private forgetSpent(now: number): void {
    for (const [signature, expiresAt] of this.used)
      if (expiresAt <= now) this.used.delete(signature);
  }
}
