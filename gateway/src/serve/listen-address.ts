import { isIP } from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function isLoopback(host: string): boolean {
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/**
 * Why the gateway must not listen on `host`, if it must not: beyond loopback it needs bearer
 * tokens, unless the operator has explicitly said otherwise.
 */
export function listenRefusal(
  host: string,
  authenticated: boolean,
  force: boolean,
): string | undefined {
  if (isLoopback(host) || authenticated || force) return undefined;
  return `refusing to listen on ${host} without authentication: anyone who can reach it could use every credential in the mesh. Add gateway.clients (or gateway.tokens) to mesh.yaml (clients send Authorization: Bearer <token>), or set gateway.allow_unauthenticated_remote: true if something in front of the gateway authenticates.`;
}
