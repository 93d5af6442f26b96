import { isGlob, nearest } from "@agent-mesh/core";
import type { z } from "zod";
import type { PolicyConfig } from "./schema.js";

/** Callers that exist without an entry in gateway.clients. */
const BUILT_IN = ["anonymous", "stdio", "cli", "workflow", "dashboard"];

/**
 * Refuses a policy that names a client the gateway does not know: a typo there would silently
 * leave the real client unrestricted. Bare tokens' callers (`token-<hex>`) and globs pass.
 */
export function checkPolicyClients(
  policy: PolicyConfig | null | undefined,
  clients: Record<string, unknown>,
  ctx: z.core.$RefinementCtx,
  /** Where the policy stands in mesh.yaml (a tenant's: tenants.<name>.policy). */
  at: Array<string | number> = ["policy"],
): void {
  if (!policy) return;
  const known = [...Object.keys(clients), ...BUILT_IN];
  const check = (name: string, path: Array<string | number>) => {
    if (isGlob(name) || known.includes(name) || /^token-[0-9a-f]{8}$/.test(name)) return;
    const suggestion = nearest(name, known);
    ctx.addIssue({
      code: "custom",
      path,
      message: `no client named "${name}"; ${suggestion ? `did you mean \`${suggestion}\`? ` : ""}clients are the keys of gateway.clients, or ${BUILT_IN.join(", ")}`,
    });
  };
  for (const name of Object.keys(policy.clients)) check(name, [...at, "clients", name]);
  for (const [i, rule] of policy.rules.entries()) {
    for (const [j, name] of (rule.clients ?? []).entries()) {
      check(name, [...at, "rules", i, "clients", j]);
    }
  }
  for (const [i, limit] of policy.limits.entries()) {
    for (const [j, name] of (limit.clients ?? []).entries()) {
      check(name, [...at, "limits", i, "clients", j]);
    }
  }
}
