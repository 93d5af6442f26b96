import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "@agent-mesh/core";
import pg from "pg";

/** How often a replica looks for runs left by replicas that died. */
export const RECOVERY_SWEEP_MS = 5_000;

/** The engine's tables (DBOS's system schema in the mesh's database). */
const SCHEMA = "agent_mesh_workflows";

/**
 * This process's executor id on a shared PostgreSQL: `DBOS__VMID` when the deployment gives each
 * replica a stable one, else one of its own (host, pid and a random part), so no two replicas
 * ever share one.
 */
export function executorIdFor(env: Record<string, string | undefined>): string {
  return env.DBOS__VMID || `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/**
 * Recovery of runs whose replica died, on a PostgreSQL that several replicas share. DBOS
 * recovers, at launch, only the runs of its own executor id; a replica that dies and never comes
 * back (or comes back with a new id) would leave its runs pending for ever. So each live replica
 * holds a PostgreSQL session advisory lock on its executor id for as long as it runs: the server
 * drops it the moment the replica's connection closes (exit, crash, SIGKILL, lost host). Every
 * replica looks, every few seconds, at the executor ids of pending runs; one whose lock it can
 * take belongs to nobody alive, and while holding that lock it hands those runs back to DBOS's
 * queue (`resume`), from which any live replica takes and finishes them from their checkpoints.
 */
export class ExecutorLiveness {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    readonly executorId: string,
    private readonly resume: (workflowIds: string[]) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Takes this replica's lock; fails clearly when another live replica holds the same id. */
  static async hold(options: {
    url: string;
    executorId: string;
    resume: (workflowIds: string[]) => Promise<void>;
    logger: Logger;
  }): Promise<ExecutorLiveness> {
    const liveness = new ExecutorLiveness(
      options.url,
      options.executorId,
      options.resume,
      options.logger,
    );
    await liveness.connect();
    return liveness;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: "agent-mesh" });
    client.on("error", (err) => {
      if (this.closed) return;
      this.logger.error(
        `workflows: lost the connection that marks this replica alive (${err.message}); other replicas may take over its runs; reconnecting`,
      );
      if (this.client === client) this.client = undefined;
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ held: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held",
        [lockName(this.executorId)],
      );
      if (!rows[0]?.held) {
        throw new Error(
          `workflow executor id ${this.executorId} is in use by another live replica; give each replica its own DBOS__VMID (or leave it unset)`,
        );
      }
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    this.client = client;
  }

  /**
   * Runs `fn` while no other replica runs its own: DBOS creates and migrates its tables at
   * launch, and replicas starting together on a fresh database would otherwise race (one fails
   * with "tuple concurrently updated").
   */
  async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const client = this.client!;
    // Tried, not waited for in one statement: a session blocked in a query holds a snapshot,
    // and DBOS's CREATE INDEX CONCURRENTLY on the other replica would wait for it for ever.
    for (;;) {
      const { rows } = await client.query<{ held: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held",
        [LAUNCH_LOCK],
      );
      if (rows[0]?.held) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [LAUNCH_LOCK]);
    }
  }

  /** Sweeps now, then every `everyMs`. */
  start(everyMs = RECOVERY_SWEEP_MS): void {
    const tick = () => {
      this.sweeping ??= this.sweep()
        .catch((err) =>
          this.logger.warn(
            `workflows: looking for runs of dead replicas failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        )
        .finally(() => {
          this.sweeping = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  /** One look: hands the pending runs of every executor nobody holds back to the queue. */
  async sweep(): Promise<void> {
    if (this.closed) return;
    if (!this.client) await this.connect();
    const client = this.client!;
    const { rows } = await client.query<{ executor_id: string }>(
      `SELECT DISTINCT executor_id FROM "${SCHEMA}".workflow_status
        WHERE status = 'PENDING' AND executor_id <> $1`,
      [this.executorId],
    );
    for (const { executor_id: dead } of rows) {
      const lock = lockName(dead);
      const taken = await client.query<{ held: boolean }>(
        "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held",
        [lock],
      );
      if (!taken.rows[0]?.held) continue; // alive, or another replica is recovering it now
      try {
        const pending = await client.query<{ workflow_uuid: string }>(
          `SELECT workflow_uuid FROM "${SCHEMA}".workflow_status
            WHERE status = 'PENDING' AND executor_id = $1`,
          [dead],
        );
        const ids = pending.rows.map((r) => r.workflow_uuid);
        if (ids.length > 0) {
          this.logger.warn(
            `workflows: replica ${dead} is gone; resuming its ${ids.length} unfinished run(s) and step(s) from their checkpoints`,
          );
          await this.resume(ids);
        }
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lock]);
      }
    }
  }

  /** No more looks (the engine is shutting down); the lock is still held until close(). */
  async stopSweeping(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopSweeping();
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}

const LAUNCH_LOCK = "agent-mesh workflow engine launch";

function lockName(executorId: string): string {
  return `agent-mesh workflow executor ${executorId}`;
}
