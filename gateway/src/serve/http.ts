import {
  type ClientCredential,
  type HttpRoute,
  ListenError,
  listenMcpHttp,
  type McpHttpServer,
  tokenDigest,
} from "@agent-mesh/core/node";
import type { HttpAuth } from "../auth/index.js";
import type { GatewayConfig } from "../config/schema.js";
import { dashboardRoutes } from "../dashboard/index.js";
import { hookRoutes } from "../hooks/index.js";
import type { Mesh } from "../mesh.js";
import { sessionStore } from "../state/index.js";
import { adminRoutes } from "./admin-routes.js";
import { listenRefusal } from "./listen-address.js";
import { metricsRoute } from "./metrics-route.js";

export type HttpGateway = McpHttpServer;
export { ListenError };

/** True when the gateway asks every HTTP request for a bearer token. */
export function requiresTokens(gateway: GatewayConfig): boolean {
  return gateway.tokens.length > 0 || Object.keys(gateway.clients).length > 0;
}

/** Named clients from gateway.clients, as the HTTP guard checks them. */
export function clientCredentials(gateway: GatewayConfig): ClientCredential[] {
  return Object.entries(gateway.clients).map(([id, client]) => ({
    id,
    name: client.name ?? id,
    tokenSha256: client.token ? tokenDigest(client.token) : client.token_sha256!,
    roles: client.roles,
    ...(client.tenant ? { tenant: client.tenant } : {}),
  }));
}

/**
 * Serves the mesh over Streamable HTTP at /mcp, with GET /health, GET /metrics, the dashboard
 * at /dashboard and POST /hooks/<source>, per the gateway config. Every route is behind the same
 * Host/Origin checks; every route but /hooks (whose deliveries carry signatures instead) behind
 * the tokens.
 */
export async function serveHttp(
  mesh: Mesh,
  gateway: GatewayConfig,
  routes: HttpRoute[] = [],
  /** Sign-in per `auth:` (httpAuthFor): access tokens, API keys, the OAuth metadata. */
  auth?: HttpAuth,
): Promise<HttpGateway> {
  const tokens = requiresTokens(gateway) || auth !== undefined;
  const refusal = listenRefusal(gateway.host, tokens, gateway.allow_unauthenticated_remote);
  if (refusal) throw new ListenError(refusal);
  // A serving replica follows its PostgreSQL, so /health says when it is unreachable.
  mesh.audit?.watch();
  try {
    return await listenMcpHttp({
      createServer: (caller) => mesh.connectSession(caller),
      host: gateway.host,
      port: gateway.port,
      allowedHosts: gateway.allowed_hosts,
      allowedOrigins: gateway.allowed_origins,
      tokens: gateway.tokens,
      clients: clientCredentials(gateway),
      ...(auth ? { verify: auth.verify } : {}),
      ...(auth?.challenge ? { challenge: auth.challenge } : {}),
      // X-Forwarded-For is believed only from policy.trusted_proxies, as the policy now says.
      trustProxy: (address) => mesh.policy?.trustsProxy(address) ?? false,
      health: () => mesh.health(),
      routes: [
        metricsRoute(mesh.metrics),
        ...adminRoutes(mesh, tokens),
        ...(auth?.routes ?? []),
        ...dashboardRoutes(mesh, gateway, tokens),
        ...routes,
        // Platforms' webhooks: each request authenticated by its signature, not a token.
        ...hookRoutes(mesh),
      ],
      // With a shared (Redis) state, any replica can serve a session another one opened.
      ...(mesh.state.health().kind !== "memory"
        ? { sessionStore: sessionStore(mesh.state, mesh.logger) }
        : {}),
      sessions: {
        maxSessions: gateway.max_sessions,
        maxSessionsPerClient: gateway.max_sessions_per_client,
        idleMs: gateway.session_idle_timeout,
        unusedIdleMs: gateway.session_unused_timeout,
        abandonedIdleMs: gateway.session_abandoned_timeout,
      },
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
