import type { RoleBook } from "../auth/roles.js";
import type { MeshConfig } from "../config/schema.js";
import type { Limiters } from "../policy/limits.js";
import { Policy } from "../policy/policy.js";
import { OPEN_POLICY, rolesInUse } from "../policy/roles-in-use.js";
import type { PolicyConfig } from "../policy/schema.js";

/**
 * The policy in force for a config's callers (the top level's, or a tenant's from
 * `tenantConfig`), or undefined when nothing restricts them. A tenant's limits count apart from
 * every other tenant's and the top level's, even when it inherits the top-level policy.
 */
export function compilePolicy(
  config: MeshConfig,
  limiters: Limiters,
  clock: (() => Date) | undefined,
  roles: RoleBook,
  tenant?: string,
): Policy | undefined {
  // Roles limit callers only when some caller can hold one: signed in, or a client given one.
  if (!config.policy && !rolesInUse(config, roles)) return undefined;
  const policy = config.policy ?? OPEN_POLICY;
  return new Policy(tenant ? ownLimits(policy, tenant) : policy, limiters, clock, roles);
}

function ownLimits(policy: PolicyConfig, tenant: string): PolicyConfig {
  return {
    ...policy,
    limits: policy.limits.map((limit, i) => ({
      ...limit,
      id: `${tenant}/${limit.id ?? `limits[${i}]`}`,
    })),
  };
}
