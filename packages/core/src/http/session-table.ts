import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Caller } from "../caller.js";
import type { SessionTransport } from "./session-transport.js";
import type { SessionRecord } from "./shared-sessions.js";

export interface SessionLimits {
  /** Sessions with no request for this long are closed (default 30 minutes). */
  idleMs?: number;
  /** Sessions that sent no request after initialize are closed after this (default 60 s). */
  unusedIdleMs?: number;
  /**
   * Sessions whose client dropped its GET stream and has not come back are closed after this
   * (default 15 s): a client that exited without DELETE. Reconnecting clients return in time.
   */
  abandonedIdleMs?: number;
  /** Most sessions open at once (default 1,000). */
  maxSessions?: number;
  /** Most sessions one client holds at once (default 100). */
  maxSessionsPerClient?: number;
}

export const DEFAULT_SESSION_LIMITS: Required<SessionLimits> = {
  idleMs: 30 * 60_000,
  unusedIdleMs: 60_000,
  abandonedIdleMs: 15_000,
  maxSessions: 1_000,
  maxSessionsPerClient: 100,
};

export interface Session {
  server: Server;
  transport: SessionTransport;
  /** Who opened it, for the per-client cap. */
  client: string;
  /** The caller who opened it: requests from anyone else are not shown it. */
  owner: Caller;
  /** What the shared store holds for this session, when there is one. */
  record?: SessionRecord;
}

export type Admission =
  | { ok: true; evict: Session[] }
  | { ok: false; status: 429 | 503; message: string };

/**
 * The open sessions of one endpoint, with their caps: a new session first evicts the least
 * recently used idle session (of its client when the client is at its cap, of anyone when the
 * server is), and is refused only when every candidate is busy with a request.
 */
export class SessionTable {
  readonly limits: Required<SessionLimits>;
  private readonly sessions = new Map<string, Session>();
  private readonly perClient = new Map<string, number>();

  constructor(limits: SessionLimits = {}) {
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...definedOnly(limits) };
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  values(): Session[] {
    return [...this.sessions.values()];
  }

  add(session: Session): void {
    this.sessions.set(session.transport.sessionId, session);
    this.perClient.set(session.client, (this.perClient.get(session.client) ?? 0) + 1);
  }

  /** Forgets a session; true if it was still here. */
  remove(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    const count = (this.perClient.get(session.client) ?? 1) - 1;
    if (count > 0) this.perClient.set(session.client, count);
    else this.perClient.delete(session.client);
    return true;
  }

  /** What must close before `client` may open one more session, or why it may not. */
  admit(client: string): Admission {
    const evict: Session[] = [];
    if ((this.perClient.get(client) ?? 0) >= this.limits.maxSessionsPerClient) {
      const victim = this.leastRecentlyUsedIdle((s) => s.client === client);
      if (!victim) {
        return {
          ok: false,
          status: 429,
          message: `Too many sessions: this client already has ${this.limits.maxSessionsPerClient} sessions, all busy; end one (DELETE) or retry later`,
        };
      }
      evict.push(victim);
    } else if (this.sessions.size >= this.limits.maxSessions) {
      const victim = this.leastRecentlyUsedIdle(() => true);
      if (!victim) {
        return {
          ok: false,
          status: 503,
          message: `Too many sessions: the server has ${this.limits.maxSessions} sessions, all busy; retry later`,
        };
      }
      evict.push(victim);
    }
    return { ok: true, evict };
  }

  /**
   * Sessions past their idle expiry: the short one until a first request after initialize, the
   * abandoned one once the client dropped its GET stream without coming back.
   */
  expired(now = Date.now()): Session[] {
    return this.values().filter((session) => {
      const { transport } = session;
      if (transport.busy) return false;
      const { idleMs, unusedIdleMs, abandonedIdleMs } = this.limits;
      if (
        transport.droppedAt !== undefined &&
        transport.droppedAt <= now - Math.min(abandonedIdleMs, idleMs)
      )
        return true;
      const limit = transport.requests <= 1 ? Math.min(unusedIdleMs, idleMs) : idleMs;
      return transport.lastSeen <= now - limit;
    });
  }

  private leastRecentlyUsedIdle(match: (session: Session) => boolean): Session | undefined {
    let oldest: Session | undefined;
    for (const session of this.sessions.values()) {
      if (!match(session) || session.transport.busy) continue;
      if (!oldest || session.transport.lastSeen < oldest.transport.lastSeen) oldest = session;
    }
    return oldest;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
