import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface GuardLists {
  /** Host header values accepted, e.g. "127.0.0.1:7420". */
  hosts: string[];
  /** Origin header values accepted when a browser sends one. */
  origins: string[];
  /** Bearer tokens; empty means no authentication. */
  tokens: string[];
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

/**
 * Checks every request before anything else sees it: DNS-rebinding protection (the Host must be
 * one of ours, and a browser's Origin too), then the bearer token when tokens are configured.
 */
export function createRequestGuard(lists: () => GuardLists) {
  let resolved: { hosts: Set<string>; origins: Set<string>; digests: Buffer[] } | undefined;
  return (req: IncomingMessage): Refusal | undefined => {
    if (!resolved) {
      // Resolved on first use, so a server listening on port 0 can allow the port it was given.
      const { hosts, origins, tokens } = lists();
      resolved = {
        hosts: new Set(hosts.map((h) => h.toLowerCase())),
        origins: new Set(origins.map((o) => o.toLowerCase())),
        digests: tokens.map(digest),
      };
    }
    const host = req.headers.host?.toLowerCase();
    if (!host || !resolved.hosts.has(host))
      return { status: 403, message: `Forbidden: Host header "${host ?? ""}" is not allowed` };
    const origin = req.headers.origin?.toLowerCase();
    if (origin !== undefined && !resolved.origins.has(origin)) {
      return { status: 403, message: `Forbidden: Origin "${origin}" is not allowed` };
    }
    if (resolved.digests.length === 0) return undefined;
    const match = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? "").trim());
    if (!match)
      return {
        status: 401,
        message: "Unauthorized: send Authorization: Bearer <token> (gateway.tokens in mesh.yaml)",
      };
    const given = digest(match[1]!);
    if (!resolved.digests.some((known) => timingSafeEqual(known, given))) {
      return {
        status: 401,
        message: "Unauthorized: the bearer token is not one of this gateway's tokens",
      };
    }
    return undefined;
  };
}

// Hashing first makes every comparison the same length, so timingSafeEqual never throws.
function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
