import { ListenError, listenMcpHttp, type McpHttpServer } from "@agent-mesh/core";
import type { GatewayConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { type MeshState, sessionStore } from "../state/index.js";
import { listenRefusal } from "./listen-address.js";

export type HttpGateway = McpHttpServer;
export { ListenError };

/**
 * Serves the mesh over Streamable HTTP at /mcp, with GET /health, per the gateway config. With a
 * shared (Redis) state, session metadata is kept there so any replica can serve a session.
 */
export async function serveHttp(
  mesh: Mesh,
  gateway: GatewayConfig,
  state?: MeshState,
): Promise<HttpGateway> {
  const refusal = listenRefusal(gateway.host, gateway.tokens, gateway.allow_unauthenticated_remote);
  if (refusal) throw new ListenError(refusal);
  try {
    return await listenMcpHttp({
      createServer: () => mesh.connectSession(),
      host: gateway.host,
      port: gateway.port,
      allowedHosts: gateway.allowed_hosts,
      allowedOrigins: gateway.allowed_origins,
      tokens: gateway.tokens,
      health: () => withState(mesh.health(), state),
      ...(state && state.health().kind !== "memory"
        ? { sessionStore: sessionStore(state, mesh.logger) }
        : {}),
    });
  } catch (err) {
    if (err instanceof ListenError && err.message.includes("is in use")) {
      throw new ListenError(
        `port ${gateway.port} is in use (another gateway?); choose another with --port or gateway.port`,
      );
    }
    throw err;
  }
}

/** /health with the shared state's health; an unreachable state makes the mesh degraded. */
function withState(health: ReturnType<Mesh["health"]>, state: MeshState | undefined) {
  if (!state) return health;
  const stateHealth = state.health();
  return {
    ...health,
    status: stateHealth.ok ? health.status : "degraded",
    state: stateHealth,
  };
}
