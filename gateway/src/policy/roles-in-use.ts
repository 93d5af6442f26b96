import type { RoleBook } from "../auth/roles.js";
import type { MeshConfig } from "../config/schema.js";
import { type PolicyConfig, policySchema } from "./schema.js";

/** A policy that allows everything: the base when only roles restrict callers. */
export const OPEN_POLICY: PolicyConfig = policySchema.parse({});

/**
 * Whether any caller can hold a role of the book: sign-in (`auth:`, whose tokens and API keys
 * carry roles) is on, `roles:` is configured, or a client of gateway.clients has such a role.
 */
export function rolesInUse(config: MeshConfig, roles: RoleBook): boolean {
  if (config.auth || Object.keys(config.roles).length > 0) return true;
  return Object.values(config.gateway.clients).some((client) =>
    client.roles.some((role) => roles.has(role)),
  );
}
