import type { Logger } from "@agent-mesh/core";
import type { AuditConfig } from "./config.js";
import type { AuditEntry, AuditRecord } from "./record.js";
import type { AuditStore } from "./store.js";

/** Whether the audit database answers, for /health (and the replicas behind a load balancer). */
export interface DatabaseHealth {
  kind: "postgres" | "pglite";
  ok: boolean;
  /** Where it is: a postgres URL without its password, or the data directory. */
  target: string;
  /** Why not, while it does not answer. */
  error?: string;
}

/** How often a serving gateway checks its database (`SELECT 1`), so /health follows it. */
export const DATABASE_CHECK_MS = 3000;

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
  private checkTimer: NodeJS.Timeout | undefined;
  /** Why the database failed last; undefined once it answered since (or before it is used). */
  private lastError: string | undefined;

  constructor(
    private readonly open: () => Promise<AuditStore>,
    public config: AuditConfig,
    private readonly logger: Logger,
    private readonly where: { kind: DatabaseHealth["kind"]; target: string } = {
      kind: "pglite",
      target: "embedded",
    },
  ) {}

  /** The database's health as last seen (by a write, a call's check or the periodic check). */
  health(): DatabaseHealth {
    return {
      ...this.where,
      ok: this.lastError === undefined,
      ...(this.lastError === undefined ? {} : { error: this.lastError }),
    };
  }

  /**
   * Checks a PostgreSQL database now and every `intervalMs` while serving, so /health reports
   * an outage (and the recovery) with no call in flight. Each check is one `SELECT 1`. The
   * embedded database is not watched: it is opened on first use, as before.
   */
  watch(intervalMs = DATABASE_CHECK_MS): void {
    if (this.checkTimer || this.closed || this.where.kind !== "postgres") return;
    const check = () => {
      this.check().catch(() => {});
    };
    check();
    this.checkTimer = setInterval(check, intervalMs);
    this.checkTimer.unref();
  }

  /** One check: opens the store if needed and asks it `SELECT 1`; records the outcome. */
  async check(): Promise<void> {
    if (this.closed) return;
    await this.observe((async () => (await this.store()).ping())());
  }

  /** Records whether a database operation worked, for health(); passes its outcome on. */
  private async observe<T>(work: Promise<T>): Promise<T> {
    try {
      const value = await work;
      if (this.lastError !== undefined) {
        this.logger.info(`audit: the database at ${this.where.target} answers again`);
      }
      this.lastError = undefined;
      return value;
    } catch (err) {
      if (this.lastError === undefined) {
        this.logger.error(
          `audit: the database at ${this.where.target} does not answer: ${errorText(err)}`,
        );
      }
      this.lastError = errorText(err);
      throw err;
    }
  }

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
    const work = this.observe(this.store().then((store) => store.append(entry)));
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
    clearInterval(this.checkTimer);
    await Promise.allSettled([...this.pending]);
    const opened = this.opened;
    this.closed = true;
    if (opened) await (await opened.catch(() => undefined))?.close();
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  // pg reports a refused connection as an AggregateError with an empty message.
  const message = err.message || (err instanceof AggregateError ? String(err.errors[0]) : "");
  return code && !message.includes(code) ? `${code}: ${message}` : message || err.name;
}
