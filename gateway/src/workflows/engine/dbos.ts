import { DBOS, type WorkflowStatus } from "@dbos-inc/dbos-sdk";
import { ExecutorLiveness } from "./recovery.js";
import { runWorkflow } from "./run.js";
import { runStep } from "./step.js";
import type { EngineHost, RunInput, RunOutput, StepInput, StepState } from "./types.js";

export const RUN_WORKFLOW = "agent-mesh.run";
const STEP_WORKFLOW = "agent-mesh.step";

/**
 * DBOS Transact is one engine per process (its functions are registered globally), so the
 * running mesh is the host its registered workflows call through, set at launch.
 */
let host: EngineHost | undefined;
let registered:
  | {
      run: (input: RunInput) => Promise<RunOutput>;
      step: (input: StepInput) => Promise<StepState>;
    }
  | undefined;

function currentHost(): EngineHost {
  if (!host) throw new Error("the workflow engine is not running in this process");
  return host;
}

/**
 * Whether steps run as child workflows (in parallel). Over pglite-socket a run that waits on
 * child workflows never sees them finish, so on the embedded database a run executes its steps
 * one at a time inside its own workflow, each tool call still its own checkpoint.
 */
let childSteps = true;

function register() {
  registered ??= {
    step: DBOS.registerWorkflow(async (input: StepInput) => runStep(currentHost(), input), {
      name: STEP_WORKFLOW,
    }),
    run: DBOS.registerWorkflow(
      async (input: RunInput) =>
        runWorkflow(input, async (workflowID, stepInput) => {
          if (childSteps) return DBOS.startWorkflow(registered!.step, { workflowID })(stepInput);
          const result = await runStep(currentHost(), stepInput);
          return { getResult: async () => result };
        }),
      { name: RUN_WORKFLOW },
    ),
  };
  return registered;
}

export interface EngineOptions {
  /** postgres:// URL of the database (PostgreSQL, or the embedded one served on a port). */
  url: string;
  /** The embedded database takes one connection for transactions. */
  poolSize: number;
  /** Steps as parallel child workflows (PostgreSQL), or one at a time in the run (PGlite). */
  childSteps: boolean;
  /**
   * On a database several replicas share: this replica's executor id, held alive (see
   * recovery.ts) so the others resume its runs if it dies. Unset on the embedded database, which
   * one process owns: it recovers its runs when it starts again.
   */
  executorId?: string;
  host: EngineHost;
}

/** The durable engine: DBOS Transact, its system tables in the mesh's database. */
export class DbosEngine {
  private constructor(private readonly liveness: ExecutorLiveness | undefined) {}

  static async launch(options: EngineOptions): Promise<DbosEngine> {
    if (host) {
      throw new Error(
        "a workflow engine is already running in this process: one gateway per process runs workflows",
      );
    }
    const logger = options.host.logger;
    // Taken before DBOS starts, so this replica is marked alive before it owns any run.
    const liveness = options.executorId
      ? await ExecutorLiveness.hold({
          url: options.url,
          executorId: options.executorId,
          logger,
          resume: async (ids) => {
            for (const id of ids) await DBOS.resumeWorkflow(id);
          },
        })
      : undefined;
    DBOS.setConfig({
      name: "agent-mesh",
      systemDatabaseUrl: options.url,
      systemDatabasePoolSize: options.poolSize,
      systemDatabaseSchemaName: "agent_mesh_workflows",
      ...(options.executorId ? { executorID: options.executorId } : {}),
      // DBOS logs to stdout by default; stdout belongs to the MCP protocol on stdio.
      logger: {
        info: (entry) => logger.debug(`workflows: ${String(entry)}`),
        debug: () => {},
        warn: (entry) => logger.warn(`workflows: ${String(entry)}`),
        error: (entry) => logger.error(`workflows: ${String(entry)}`),
      },
    });
    register();
    childSteps = options.childSteps;
    host = options.host;
    try {
      if (liveness) await liveness.exclusively(() => DBOS.launch());
      else await DBOS.launch();
    } catch (err) {
      host = undefined;
      await liveness?.close();
      throw err;
    }
    liveness?.start();
    return new DbosEngine(liveness);
  }

  /** Starts a run, or finds the one already started with this id. */
  async start(input: RunInput): Promise<{ existing: boolean }> {
    const existing = (await DBOS.getWorkflowStatus(input.runId)) !== null;
    if (!existing) await DBOS.startWorkflow(register().run, { workflowID: input.runId })(input);
    return { existing };
  }

  async status(runId: string): Promise<WorkflowStatus | null> {
    return DBOS.getWorkflowStatus(runId);
  }

  async steps(runId: string): Promise<Record<string, StepState> | null> {
    return DBOS.getEvent<Record<string, StepState>>(runId, "steps", 0);
  }

  /**
   * The approval request a running step waits on: published by the step's own workflow
   * (`<run>:<step>`, on PostgreSQL) or by the run that executes it inline (the embedded database).
   */
  async approvalId(runId: string, stepId: string): Promise<string | undefined> {
    const key = `approval:${stepId}`;
    return (
      (await DBOS.getEvent<string>(`${runId}:${stepId}`, key, 0)) ??
      (await DBOS.getEvent<string>(runId, key, 0)) ??
      undefined
    );
  }

  async list(limit: number): Promise<WorkflowStatus[]> {
    return DBOS.listWorkflows({
      workflowName: RUN_WORKFLOW,
      loadInput: true,
      loadOutput: true,
      sortDesc: true,
      limit,
    });
  }

  /** Cancels the run and its steps still going. */
  async cancel(runId: string): Promise<void> {
    await DBOS.cancelWorkflow(runId);
    const children = await DBOS.listWorkflows({ workflow_id_prefix: `${runId}:` });
    for (const child of children) {
      if (child.status === "PENDING" || child.status === "ENQUEUED")
        await DBOS.cancelWorkflow(child.workflowID);
    }
  }

  /** Resumes a cancelled or failed-to-recover run from its last checkpoint. */
  async resume(runId: string): Promise<void> {
    const children = await DBOS.listWorkflows({ workflow_id_prefix: `${runId}:` });
    for (const child of children) {
      if (child.status === "CANCELLED") await DBOS.resumeWorkflow(child.workflowID);
    }
    await DBOS.resumeWorkflow(runId);
  }

  async shutdown(): Promise<void> {
    await this.liveness?.stopSweeping();
    try {
      await DBOS.shutdown();
    } finally {
      host = undefined;
      // Released last: the other replicas then resume what this one leaves unfinished.
      await this.liveness?.close();
    }
  }
}
