import { ListenError, listenMcpHttp, type McpHttpServer } from "@agent-mesh/core/node";
import type { GatewayConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { listenRefusal } from "./listen-address.js";

export type HttpGateway = McpHttpServer;
export { ListenError };

/** Serves the mesh over Streamable HTTP at /mcp, with GET /health, per the gateway config. */
export async function serveHttp(mesh: Mesh, gateway: GatewayConfig): Promise<HttpGateway> {
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
      health: () => mesh.health(),
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
