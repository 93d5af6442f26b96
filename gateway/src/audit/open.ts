import type { Logger } from "@agent-mesh/core";
import type { MeshConfig } from "../config/schema.js";
import { AuditLog } from "./audit-log.js";
import { dataDirectory, openDatabase, withoutPassword } from "./database.js";
import { AuditStore } from "./store.js";

/**
 * The audit log mesh.yaml asks for: in `database:` (PostgreSQL), else in the embedded PGlite
 * under $AGENT_MESH_HOME/data/mesh, opened on first use. Undefined when `audit.enabled` is false.
 */
export function auditLogFor(
  config: MeshConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
): AuditLog | undefined {
  if (!config.audit.enabled) return undefined;
  return new AuditLog(() => openAuditStore(config.database, env), config.audit, logger, {
    kind: config.database ? "postgres" : "pglite",
    target: config.database ? withoutPassword(config.database) : dataDirectory(env),
  });
}

/** Opens the database and the audit table in it. */
export async function openAuditStore(
  url: string | undefined,
  env: Record<string, string | undefined>,
): Promise<AuditStore> {
  const db = await openDatabase(url, env);
  try {
    return await AuditStore.open(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
