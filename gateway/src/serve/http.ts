import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loopbackAllowList } from "@agent-mesh/core";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import type { GatewayConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { rpcError } from "./json-rpc.js";
import { isLoopback, listenRefusal } from "./listen-address.js";
import { createMcpEndpoint, reply } from "./mcp-endpoint.js";
import { createRequestGuard } from "./request-guard.js";

export interface HttpGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ListenError extends Error {}

/**
 * Serves the mesh over HTTP: Streamable HTTP at /mcp on node:http directly (the hot path), and
 * every other route (GET /health) through a Hono app. Host/Origin and bearer tokens are checked
 * first, for every route.
 */
export async function serveHttp(mesh: Mesh, gateway: GatewayConfig): Promise<HttpGateway> {
  const refusal = listenRefusal(gateway.host, gateway.tokens, gateway.allow_unauthenticated_remote);
  if (refusal) throw new ListenError(refusal);
  let port = gateway.port;
  const guard = createRequestGuard(() => {
    const loopback = loopbackAllowList(port);
    const own = isLoopback(gateway.host) ? [] : [`${hostForUrl(gateway.host)}:${port}`];
    return {
      hosts: [...loopback.allowedHosts, ...own, ...gateway.allowed_hosts],
      origins: [
        ...loopback.allowedOrigins,
        ...own.map((h) => `http://${h}`),
        ...gateway.allowed_origins,
      ],
      tokens: gateway.tokens,
    };
  });
  const endpoint = createMcpEndpoint(() => mesh.connectSession());
  const app = new Hono();
  app.get("/health", (c) => c.json({ ...mesh.health(), sessions: endpoint.sessions }));
  const routes = getRequestListener(app.fetch);

  const server = createHttpServer((req, res) => {
    const refused = guard(req);
    if (refused) {
      if (refused.status === 401) res.setHeader("www-authenticate", 'Bearer realm="agent-mesh"');
      return reply(res, refused.status, rpcError(-32001, refused.message));
    }
    const path = req.url?.split("?", 1)[0];
    if (path === "/mcp") return endpoint.handle(req, res);
    void routes(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          err.code === "EADDRINUSE"
            ? `port ${gateway.port} is in use (another gateway?); choose another with --port or gateway.port`
            : `cannot listen on ${gateway.host}:${gateway.port}: ${err.message}`,
        ),
      );
    });
    server.listen(gateway.port, gateway.host, () => {
      port = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  return {
    url: `http://${hostForUrl(gateway.host)}:${port}/mcp`,
    port,
    async close() {
      await endpoint.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
