import type { MiddlewareHandler } from "hono";

export interface HostOriginOptions {
  /** Host header values accepted, e.g. "127.0.0.1:7420". */
  allowedHosts: string[];
  /** Origin header values accepted when a browser sends one, e.g. "http://localhost:7420". */
  allowedOrigins: string[];
}

/** The hosts and origins a loopback server on `port` answers to. */
export function loopbackAllowList(port: number): HostOriginOptions {
  const hosts = ["127.0.0.1", "localhost", "[::1]"].map((host) => `${host}:${port}`);
  return { allowedHosts: hosts, allowedOrigins: hosts.map((host) => `http://${host}`) };
}

/**
 * DNS-rebinding protection: refuses requests whose Host is not one of ours, and browser requests
 * from any other Origin, before they reach the MCP transport.
 */
export function hostOriginGuard(
  options: HostOriginOptions | (() => HostOriginOptions),
): MiddlewareHandler {
  // Resolved on first use, so a server listening on port 0 can allow the port it was given.
  let lists: { hosts: Set<string>; origins: Set<string> } | undefined;
  return async (c, next) => {
    if (!lists) {
      const resolved = typeof options === "function" ? options() : options;
      lists = {
        hosts: new Set(resolved.allowedHosts.map((host) => host.toLowerCase())),
        origins: new Set(resolved.allowedOrigins.map((origin) => origin.toLowerCase())),
      };
    }
    const { hosts, origins } = lists;
    const host = c.req.header("host")?.toLowerCase();
    if (!host || !hosts.has(host)) return forbidden(`Host header "${host ?? ""}" is not allowed`);
    const origin = c.req.header("origin")?.toLowerCase();
    if (origin !== undefined && !origins.has(origin))
      return forbidden(`Origin "${origin}" is not allowed`);
    await next();
  };
}

function forbidden(message: string): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code: -32000, message }, id: null },
    { status: 403 },
  );
}
