import { nearest } from "@agent-mesh/core";
import type { z } from "zod";

/**
 * In a mesh with tenants, refuses a client whose `tenant` names none of them: such a client
 * could never be served, and a typo must not quietly give it another tenant's view.
 */
export function checkClientTenants(
  clients: Record<string, { tenant?: string | undefined }>,
  tenants: Record<string, unknown>,
  ctx: z.core.$RefinementCtx,
): void {
  const names = Object.keys(tenants);
  if (names.length === 0) return;
  for (const [client, entry] of Object.entries(clients)) {
    if (entry.tenant === undefined || names.includes(entry.tenant)) continue;
    const suggestion = nearest(entry.tenant, names);
    ctx.addIssue({
      code: "custom",
      path: ["gateway", "clients", client, "tenant"],
      message: `no tenant named "${entry.tenant}"; ${suggestion ? `did you mean \`${suggestion}\`? ` : ""}tenants are the keys of \`tenants:\` (${names.join(", ")})`,
    });
  }
}
