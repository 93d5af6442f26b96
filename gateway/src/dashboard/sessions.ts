import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Caller } from "@agent-mesh/core";
import { tokenDigest } from "@agent-mesh/core/node";
import type { GatewayConfig } from "../config/schema.js";
import { clientCredentials } from "../serve/http.js";

/** The dashboard's cookie: HttpOnly, SameSite=Strict, scoped to /dashboard. */
export const SESSION_COOKIE = "agent_mesh_dashboard";

/** A browser's session: who signed in (none yet on the sign-in page) and its CSRF token. */
export interface DashboardSession {
  id: string;
  csrf: string;
  caller?: Caller;
  expiresAt: number;
}

const IDLE_MS = 8 * 3_600_000;
const MAX_SESSIONS = 10_000;

/**
 * Sessions in this gateway's memory (a restart signs everyone out; behind a load balancer, keep a
 * browser on one replica). Ids and CSRF tokens are 32 random bytes each.
 */
export class DashboardSessions {
  private readonly sessions = new Map<string, DashboardSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(caller?: Caller): DashboardSession {
    this.sweep();
    const session: DashboardSession = {
      id: randomBytes(32).toString("base64url"),
      csrf: randomBytes(32).toString("base64url"),
      ...(caller ? { caller } : {}),
      expiresAt: this.now() + IDLE_MS,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): DashboardSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    session.expiresAt = this.now() + IDLE_MS;
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions)
      if (session.expiresAt <= now) this.sessions.delete(id);
    // Never grow without bound: drop the oldest when full.
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}

/** Equal strings, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The caller a client token names, as /mcp's guard would answer (gateway.clients, then
 * gateway.tokens), or undefined. Every known digest is compared, so timing tells nothing.
 */
export function callerForToken(gateway: GatewayConfig, token: string): Caller | undefined {
  const given = tokenDigest(token.trim());
  let found: Caller | undefined;
  for (const client of clientCredentials(gateway)) {
    const known =
      typeof client.tokenSha256 === "string"
        ? Buffer.from(client.tokenSha256, "hex")
        : client.tokenSha256;
    if (known.length === given.length && timingSafeEqual(known, given)) {
      found ??= {
        id: client.id,
        name: client.name ?? client.id,
        kind: "token",
        roles: client.roles ?? [],
        ...(client.tenant ? { tenant: client.tenant } : {}),
      };
    }
  }
  for (const bare of gateway.tokens) {
    const known = tokenDigest(bare);
    if (timingSafeEqual(known, given)) {
      const id = `token-${known.toString("hex").slice(0, 8)}`;
      found ??= { id, name: id, kind: "token", roles: [] };
    }
  }
  return found;
}
