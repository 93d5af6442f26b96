import type { Logger } from "@agent-mesh/core";
import { openDatabase } from "../audit/database.js";
import type { MeshConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { WorkflowService } from "./service.js";

export type { WorkflowDefinition, WorkflowStep } from "./config/schema.js";
export { workflowsSection } from "./config/schema.js";
export type { RunOutput, StepState, StepStatus } from "./engine/types.js";
export { workflowsPart } from "./mesh-part.js";
export { WorkflowInputError } from "./params.js";
export { workflowPrompt, workflowPrompts } from "./prompts.js";
export type { RunStatus, RunView, StartRequest } from "./service.js";
export { WorkflowService } from "./service.js";
export { callWorkflowTool, workflowTools } from "./tools/index.js";

export interface RunningWorkflows {
  service: WorkflowService;
  close(): Promise<void>;
}

/**
 * Starts the durable engine in the mesh's database (`database:`, or the embedded PGlite served
 * on a loopback port) and recovers runs left unfinished. Undefined when mesh.yaml defines no
 * workflows: then nothing is opened.
 */
export async function startWorkflows(options: {
  mesh: Mesh;
  config: MeshConfig;
  env: Record<string, string | undefined>;
  logger: Logger;
}): Promise<RunningWorkflows | undefined> {
  const { mesh, config } = options;
  if (Object.keys(config.workflows).length === 0) return undefined;
  const db = await openDatabase(config.database, options.env);
  try {
    // DBOS (and the pg driver under it) loads only for a mesh that defines workflows.
    const { DbosEngine } = await import("./engine/dbos.js");
    const { executorIdFor } = await import("./engine/recovery.js");
    const engine = await DbosEngine.launch({
      url: await db.wireUrl(),
      // The embedded database serves one session; DBOS deadlocks with a pool of one.
      poolSize: db.kind === "pglite" ? 2 : 4,
      childSteps: db.kind !== "pglite",
      // Replicas on one PostgreSQL: each its own executor id, so none recovers another's live runs.
      ...(db.kind === "postgres" ? { executorId: executorIdFor(options.env) } : {}),
      host: {
        callTool: (request) => mesh.callTool(request),
        tool: (name, caller) => mesh.toolFor(caller, name),
        approvals: mesh.approvals,
        approvalTtlMs: (mesh.config ?? config).approvals.ttl,
        logger: options.logger,
      },
    });
    const service = new WorkflowService(
      engine,
      () => (mesh.config ?? config).workflows,
      mesh.approvals,
    );
    return {
      service,
      async close() {
        await engine.shutdown();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
