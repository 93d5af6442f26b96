import type { JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../caller.js";
import type { SharedState } from "../state.js";

/** What any replica needs to rebuild a session: how the client initialized it, its log level. */
export interface SessionRecord {
  /** The client's initialize request: protocol version, capabilities, client info. */
  initialize: JSONRPCRequest;
  /** Who opened it: only the same caller may continue it, on any replica. */
  caller?: Caller;
  logLevel?: string;
}

/**
 * Session metadata shared by several servers (gateway replicas on one Redis), so that a client's
 * session goes on when its next request lands on another replica.
 */
export interface SessionStore {
  state: SharedState;
  /** How long a session lasts with no request on any replica (default: the endpoint's idle time). */
  ttlMs?: number;
  /** Tells every replica that a session ended, so each drops its copy. */
  ended?: {
    publish(sessionId: string): Promise<void>;
    subscribe(onEnded: (sessionId: string) => void): () => void;
  };
  /** A failure of the store outside any request (saving, refreshing), for the server's log. */
  onError?: (error: unknown) => void;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads and writes session records (`session:<id>`) with a sliding TTL. */
export class SharedSessions {
  private readonly ttlMs: number;
  private readonly touched = new Map<string, number>();

  constructor(
    readonly store: SessionStore,
    idleMs: number,
  ) {
    this.ttlMs = store.ttlMs ?? idleMs;
  }

  /** Only ids this endpoint could have issued are looked up. */
  static plausible(id: string): boolean {
    return ID.test(id);
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const text = await this.store.state.get(`session:${id}`);
    return text === undefined ? undefined : (JSON.parse(text) as SessionRecord);
  }

  async save(id: string, record: SessionRecord): Promise<void> {
    this.touched.set(id, Date.now());
    await this.store.state.set(`session:${id}`, JSON.stringify(record), this.ttlMs);
  }

  /** Slides the TTL, at most a few times per TTL, never blocking the request. */
  touch(id: string, record: SessionRecord): void {
    const last = this.touched.get(id) ?? 0;
    if (Date.now() - last < this.ttlMs / 10) return;
    this.save(id, record).catch((err: unknown) => this.store.onError?.(err));
  }

  /** Forgets a session everywhere. */
  async remove(id: string): Promise<void> {
    this.touched.delete(id);
    await this.store.state.delete(`session:${id}`);
    await this.store.ended?.publish(id);
  }

  /** Forgets only this server's bookkeeping (the session was closed here, not ended). */
  forgetLocal(id: string): void {
    this.touched.delete(id);
  }
}
