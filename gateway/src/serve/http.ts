import type { AddressInfo } from "node:net";
import { createMcpApp, loopbackAllowList } from "@agent-mesh/core";
import { serve as listen } from "@hono/node-server";
import type { GatewayConfig } from "../config/schema.js";
import type { Mesh } from "../mesh.js";
import { bearerAuth } from "./bearer-auth.js";
import { isLoopback, listenRefusal } from "./listen-address.js";

export interface HttpGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ListenError extends Error {}

/** Serves the mesh over Streamable HTTP at /mcp, with /health, per the gateway config. */
export async function serveHttp(mesh: Mesh, gateway: GatewayConfig): Promise<HttpGateway> {
  const refusal = listenRefusal(gateway.host, gateway.tokens, gateway.allow_unauthenticated_remote);
  if (refusal) throw new ListenError(refusal);
  let port = gateway.port;
  const guard = () => {
    const loopback = loopbackAllowList(port);
    const own = isLoopback(gateway.host) ? [] : [`${hostForUrl(gateway.host)}:${port}`];
    return {
      allowedHosts: [...loopback.allowedHosts, ...own, ...gateway.allowed_hosts],
      allowedOrigins: [
        ...loopback.allowedOrigins,
        ...own.map((host) => `http://${host}`),
        ...gateway.allowed_origins,
      ],
    };
  };
  const app = createMcpApp({
    createServer: () => mesh.connectSession(),
    guard,
    health: () => mesh.health(),
    middleware: gateway.tokens.length > 0 ? [bearerAuth(gateway.tokens)] : [],
  });
  const server = await new Promise<ReturnType<typeof listen>>((resolve, reject) => {
    const http = listen(
      { fetch: app.app.fetch, port: gateway.port, hostname: gateway.host },
      (info: AddressInfo) => {
        port = info.port;
        resolve(http);
      },
    );
    http.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          err.code === "EADDRINUSE"
            ? `port ${gateway.port} is in use (another gateway?); choose another with --port or gateway.port`
            : `cannot listen on ${gateway.host}:${gateway.port}: ${err.message}`,
        ),
      );
    });
  });
  return {
    url: `http://${hostForUrl(gateway.host)}:${port}/mcp`,
    port,
    async close() {
      await app.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
