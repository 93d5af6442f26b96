import { type Caller, quote } from "@agent-mesh/core";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { MeshConfig } from "../config/schema.js";

/**
 * The tenant whose mesh serves `caller`: its tenant when mesh.yaml has `tenants:`, undefined
 * (the top-level mesh) for a caller without one or in a mesh without tenants. A tenant that
 * mesh.yaml does not define is refused: it must never fall back to another view.
 */
export function callerTenant(caller: Caller, config: MeshConfig | undefined): string | undefined {
  const tenants = config?.tenants ?? {};
  if (caller.tenant === undefined || Object.keys(tenants).length === 0) return undefined;
  if (Object.hasOwn(tenants, caller.tenant)) return caller.tenant;
  throw new McpError(
    ErrorCode.InvalidRequest,
    `${caller.id} acts for tenant ${quote(caller.tenant)}, which this gateway does not serve; the tenants are those under \`tenants:\` in mesh.yaml. Add it there, or give the caller a configured tenant.`,
  );
}

/**
 * The tenant whose records a caller may read: its own, whatever it asks for; a caller without a
 * tenant (the operator) reads every tenant's, or the one it names.
 */
export function readableTenant(caller: Caller, asked?: string): string | undefined {
  return caller.tenant ?? asked;
}
