import type { Logger } from "@agent-mesh/core";
import type { AuditConfig } from "./config.js";
import type { AuditEntry, AuditRecord } from "./record.js";
import type { AuditStore } from "./store.js";

/**
 * The mesh's audit log: the store (opened on first use, so commands that call nothing never
 * touch the database), its settings, and what to do when a write fails. Every part of the
 * gateway that records something (the audit stage, approvals, reloads, pinning) goes here.
 */
export class AuditLog {
  private opened: Promise<AuditStore> | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  private pruneTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly open: () => Promise<AuditStore>,
    public config: AuditConfig,
    private readonly logger: Logger,
  ) {}

  /** The store, opening it on first use (a failed open is tried again next time). */
  store(): Promise<AuditStore> {
    if (this.closed) return Promise.reject(new Error("the audit log is closed"));
    if (!this.opened) {
      const opening = this.open();
      this.opened = opening;
      opening.catch((err) => {
        if (this.opened === opening) this.opened = undefined;
        this.logger.error(`audit: the database cannot be opened: ${String(err)}`);
      });
    }
    return this.opened;
  }

  /** Appends a record; a failure is logged and rethrown (the caller decides open or closed). */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const work = this.store().then((store) => store.append(entry));
    this.pending.add(work);
    const settle = () => this.pending.delete(work);
    work.then(settle, (err) => {
      settle();
      this.logger.error(`audit: could not write a record (${entry.kind}): ${String(err)}`, {
        tool: entry.tool,
        caller: entry.caller,
      });
    });
    return work;
  }

  /** Appends a record of a gateway event; never throws (a lost event record is only logged). */
  event(entry: AuditEntry): void {
    this.append(entry).catch(() => {});
  }

  /** Prunes past the retention at start and once a day. */
  startRetention(): void {
    const prune = () => {
      this.store()
        .then((store) => store.prune(this.config.retention))
        .then(
          (count) => {
            if (count > 0) this.logger.info(`audit: pruned ${count} records past the retention`);
          },
          (err) => this.logger.warn(`audit: pruning failed: ${String(err)}`),
        );
    };
    this.pruneTimer = setInterval(prune, 86_400_000);
    this.pruneTimer.unref();
    // The first pass waits a little: a one-shot command never opens the database for it.
    setTimeout(prune, 60_000).unref();
  }

  /** Waits for records being written, then closes the database (once, however often asked). */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    clearInterval(this.pruneTimer);
    await Promise.allSettled([...this.pending]);
    const opened = this.opened;
    this.closed = true;
    if (opened) await (await opened.catch(() => undefined))?.close();
  }
}
