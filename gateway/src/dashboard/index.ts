import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "@agent-mesh/core";
import type { HttpRoute } from "@agent-mesh/core/node";
import { getRequestListener } from "@hono/node-server";
import type { GatewayConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { dashboardApp } from "./app.js";

export { BASE as DASHBOARD_PATH } from "./access.js";

/**
 * The web dashboard at /dashboard, served by the gateway beside /mcp: Host and Origin are checked
 * as for /mcp; a request without a bearer token reaches it, to sign in with a client token (or,
 * on loopback without tokens, to use it as the person at this machine).
 */
export function dashboardRoutes(
  mesh: Mesh,
  gateway: GatewayConfig,
  tokensRequired: boolean,
): HttpRoute[] {
  const callers = new WeakMap<IncomingMessage, Caller>();
  const app = dashboardApp({
    mesh,
    gateway,
    tokensRequired,
    callerOf: (incoming) => callers.get(incoming)!,
  });
  const listener = getRequestListener((request, env) => app.fetch(request, env));
  const handle = async (req: IncomingMessage, res: ServerResponse, caller: Caller) => {
    callers.set(req, caller);
    if (req.headers.host) req.headers.host = req.headers.host.toLowerCase();
    await listener(req, res);
  };
  return [
    { method: "GET", path: "/dashboard", tokens: "optional", handle },
    { method: "GET", path: "/dashboard/*", tokens: "optional", handle },
    { method: "POST", path: "/dashboard/*", tokens: "optional", handle },
  ];
}
