import { type Caller, hashOf } from "@agent-mesh/core";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { MeshServer } from "../mesh-server/index.js";

/** After a call, wait this long for more before telling subscribers (a burst is one update). */
const DEBOUNCE_MS = 250;
/** How often to look for changes no call makes (an approval decided, a run finished). */
const POLL_MS = 5_000;

/** Whoever reads for the check sees everything; subscribers each read their own view after. */
const GATEWAY: Caller = { id: "gateway", name: "gateway", kind: "cli", roles: ["admin"] };

/**
 * Tells subscribers of the mesh's resources when they change: on a call, a catalog change or
 * every few seconds, it reads each subscribed resource and sends resources/updated for those
 * whose content differs from the last read. Bursts are debounced; nothing runs without
 * subscribers.
 */
export class StatusFeed {
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly own: MeshServer,
    private readonly read: (uri: string, caller: Caller) => Promise<ReadResourceResult | undefined>,
  ) {}

  /** Something changed: check soon (at most once per DEBOUNCE_MS). */
  poke(): void {
    if (this.timer || this.own.subscribed().length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  start(): void {
    this.poll ??= setInterval(() => this.poke(), POLL_MS);
    this.poll.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.poll);
    this.timer = undefined;
    this.poll = undefined;
  }

  /** Reads every subscribed resource and notifies those that changed. */
  async check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.again = false;
        const subscribed = this.own.subscribed().filter((uri) => uri.startsWith("mesh://"));
        for (const uri of this.last.keys()) if (!subscribed.includes(uri)) this.last.delete(uri);
        for (const uri of subscribed) {
          const result = await this.read(uri, GATEWAY).catch(() => undefined);
          const hash = hashOf(result ?? null);
          const before = this.last.get(uri);
          this.last.set(uri, hash);
          if (before !== undefined && before !== hash) this.own.updated(uri);
        }
      } while (this.again);
    })().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }
}
