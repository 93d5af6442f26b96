import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "@agent-mesh/core";
import type { HttpRoute } from "@agent-mesh/core/node";
import { decideApproval } from "../approvals/decide.js";
import type { Mesh } from "../mesh.js";
import { readableTenant } from "../tenants/caller-tenant.js";

/** Where the operator's routes live: never part of the MCP channel a model talks on. */
export const ADMIN_PREFIX = "/admin";

/**
 * The operator's routes, which `agent-mesh audit`, `approvals` and `tools approve` use against a
 * running gateway. Only callers with an operator role (approvals.operator_roles) may use them;
 * on a gateway without tokens (loopback only), the person at this machine is the operator.
 */
export function adminRoutes(mesh: Mesh, tokensRequired: boolean): HttpRoute[] {
  const guarded =
    (handler: (req: IncomingMessage, res: ServerResponse, caller: Caller, url: URL) => unknown) =>
    async (req: IncomingMessage, res: ServerResponse, caller: Caller) => {
      const roles = mesh.config?.approvals.operator_roles ?? ["operator", "admin"];
      const operator = tokensRequired
        ? caller.roles.some((role) => roles.includes(role))
        : caller.kind === "anonymous";
      if (!operator) {
        return send(res, 403, {
          error: `${caller.id} is not an operator: give its client one of the roles ${roles.join(", ")} in gateway.clients`,
        });
      }
      await handler(req, res, caller, new URL(req.url ?? "/", "http://gateway"));
    };
  return [
    {
      method: "GET",
      path: `${ADMIN_PREFIX}/audit`,
      handle: guarded(async (_req, res, caller, url) => {
        const log = mesh.audit;
        if (!log) return send(res, 404, { error: "the audit log is off (audit.enabled: false)" });
        const q = url.searchParams;
        const since = q.get("since");
        const limit = q.get("limit");
        const records = await (await log.store()).query({
          since: since ? Number(since) : undefined,
          client: q.get("client") ?? undefined,
          // A tenant's operator reads only its tenant's records, whatever it asks for.
          tenant: readableTenant(caller, q.get("tenant") ?? undefined),
          tool: q.get("tool") ?? undefined,
          code: q.get("code") ?? undefined,
          limit: limit ? Number(limit) : undefined,
        });
        send(res, 200, { records });
      }),
    },
    {
      method: "GET",
      path: `${ADMIN_PREFIX}/audit/verify`,
      handle: guarded(async (_req, res) => {
        const log = mesh.audit;
        if (!log) return send(res, 404, { error: "the audit log is off (audit.enabled: false)" });
        send(res, 200, await (await log.store()).verify());
      }),
    },
    {
      method: "GET",
      path: `${ADMIN_PREFIX}/approvals`,
      handle: guarded(async (_req, res, caller, url) => {
        const tenant = readableTenant(caller, url.searchParams.get("tenant") ?? undefined);
        send(res, 200, { approvals: await mesh.approvals.list(tenant) });
      }),
    },
    {
      method: "POST",
      path: `${ADMIN_PREFIX}/approvals/*`,
      handle: guarded(async (req, res, caller, url) => {
        const [id, action] = url.pathname.slice(`${ADMIN_PREFIX}/approvals/`.length).split("/");
        if (!id || (action !== "approve" && action !== "deny")) {
          return send(res, 404, { error: "use POST /admin/approvals/<id>/approve or /deny" });
        }
        const body = await readJson(req);
        const reason = typeof body?.reason === "string" ? body.reason.slice(0, 500) : undefined;
        const decided = await decideApproval(
          mesh,
          id,
          action === "approve" ? "approved" : "denied",
          caller,
          reason,
        );
        if (!decided.ok) return send(res, 409, { error: decided.problem });
        send(res, 200, decided.record);
      }),
    },
    {
      method: "GET",
      path: `${ADMIN_PREFIX}/tools/quarantine`,
      handle: guarded(async (_req, res, caller) => {
        if (caller.tenant) return send(res, 403, TENANT_PINNING);
        send(res, 200, {
          quarantined: mesh.pinning.quarantined,
          findings: mesh.pinning.findings,
        });
      }),
    },
    {
      method: "POST",
      path: `${ADMIN_PREFIX}/tools/approve`,
      handle: guarded(async (req, res, caller) => {
        if (caller.tenant) return send(res, 403, TENANT_PINNING);
        const body = await readJson(req);
        const server = body?.server;
        const tool = body?.tool;
        if (typeof server !== "string" || (tool !== undefined && typeof tool !== "string")) {
          return send(res, 400, { error: 'send {"server": "<name>", "tool": "<name>"?}' });
        }
        try {
          send(res, 200, { server, approved: mesh.approveTools(server, tool) });
        } catch (err) {
          send(res, 404, { error: (err as Error).message });
        }
      }),
    },
  ];
}

/** Pinning concerns the top level's servers: the gateway operator's, not a tenant's. */
const TENANT_PINNING = {
  error:
    "tool pinning (mesh.lock) is the gateway operator's: a caller with a tenant cannot read or approve it",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64_000) return undefined;
  }
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
