import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Caller } from "../caller.js";

/** A client allowed to call over HTTP: its bearer token's SHA-256, and who it is. */
export interface ClientCredential {
  /** Stable id, e.g. the key under gateway.clients in mesh.yaml. */
  id: string;
  /** For people; defaults to the id. */
  name?: string;
  /** SHA-256 of the bearer token: 64 hex characters, or the digest itself. */
  tokenSha256: string | Buffer;
  roles?: string[];
  tenant?: string;
}

export interface GuardLists {
  /** Host header values accepted, e.g. "127.0.0.1:7420". */
  hosts: string[];
  /** Origin header values accepted when a browser sends one. */
  origins: string[];
  /** Bare bearer tokens (each a caller of its own); with clients, none means no authentication. */
  tokens: string[];
  /** Named clients with their tokens' digests. */
  clients?: ClientCredential[];
  /**
   * Whether a peer is a proxy whose X-Forwarded-For is believed (asked per request, so the
   * answer may change with a reload); absent, nobody's is and the caller is the socket's peer.
   */
  trustProxy?: (address: string) => boolean;
  /**
   * Checks bearer tokens the lists above do not hold (signed JWTs, API keys in a database): a
   * caller when the token is good, a refusal when it is not. With a verifier, every request needs
   * a token.
   */
  verify?: BearerVerifier;
}

export interface Refusal {
  status: 401 | 403 | 503;
  message: string;
  /** RFC 6750 error code for WWW-Authenticate: invalid_token, insufficient_scope. */
  error?: "invalid_request" | "invalid_token" | "insufficient_scope";
}

/** Who a bearer token names, or why it is refused. */
export type Verdict = { caller: Omit<Caller, "address"> } | { refusal: Refusal };

/** Verifies a bearer token that is none of the configured static ones. */
export type BearerVerifier = (token: string, req: IncomingMessage) => Promise<Verdict>;

export type GuardResult = { caller: Caller; refusal?: undefined } | { refusal: Refusal };

interface Known {
  digest: Buffer;
  caller: Omit<Caller, "address">;
}

/**
 * Checks every request before anything else sees it: DNS-rebinding protection (the Host must be
 * one of ours, and a browser's Origin too), then the bearer token when tokens are configured.
 * Answers who is calling: the client whose token matched, or the anonymous loopback caller.
 */
export function createRequestGuard(lists: () => GuardLists) {
  let resolved:
    | {
        hosts: Set<string>;
        origins: Set<string>;
        known: Known[];
        trustProxy?: ((address: string) => boolean) | undefined;
        verify?: BearerVerifier | undefined;
      }
    | undefined;
  return (
    req: IncomingMessage,
    options: { open?: boolean; tokenOptional?: boolean } = {},
  ): GuardResult | Promise<GuardResult> => {
    if (!resolved) {
      // Resolved on first use, so a server listening on port 0 can allow the port it was given.
      const { hosts, origins, tokens, clients = [], trustProxy, verify } = lists();
      resolved = {
        hosts: new Set(hosts.map((h) => h.toLowerCase())),
        origins: new Set(origins.map((o) => o.toLowerCase())),
        known: [...tokens.map(bareToken), ...clients.map(named)],
        trustProxy,
        verify,
      };
    }
    const address = clientAddress(req, resolved.trustProxy);
    const host = req.headers.host?.toLowerCase();
    if (!host || !resolved.hosts.has(host))
      return refuse(403, `Forbidden: Host header "${host ?? ""}" is not allowed`);
    const origin = req.headers.origin?.toLowerCase();
    if (origin !== undefined && !resolved.origins.has(origin)) {
      return refuse(403, `Forbidden: Origin "${origin}" is not allowed`);
    }
    // Public routes (OAuth metadata, signed webhooks) and meshes without tokens: the anonymous caller.
    if (options.open || (resolved.known.length === 0 && !resolved.verify)) {
      return { caller: withAddress(ANONYMOUS, address) };
    }
    if (options.tokenOptional && req.headers.authorization === undefined) {
      return { caller: withAddress(UNAUTHENTICATED, address) };
    }
    const match = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? "").trim());
    if (!match)
      return refuse(
        401,
        resolved.verify
          ? "Unauthorized: send Authorization: Bearer <token> (an access token from the identity provider, or an API key)"
          : "Unauthorized: send Authorization: Bearer <token> (gateway.clients or gateway.tokens in mesh.yaml)",
      );
    const token = match[1]!.trim();
    const given = digest(token);
    // Compare against every client, so the time taken does not tell which one matched.
    let found: Known | undefined;
    for (const known of resolved.known) if (timingSafeEqual(known.digest, given)) found ??= known;
    if (found) return { caller: withAddress(found.caller, address) };
    if (!resolved.verify)
      return refuse(401, "Unauthorized: the bearer token is not one of this gateway's");
    return resolved.verify(token, req).then(
      (verdict): GuardResult =>
        "caller" in verdict ? { caller: withAddress(verdict.caller, address) } : verdict,
      (err: unknown): GuardResult => {
        // A verifier that cannot decide (database or identity provider down) refuses, and says why.
        const reason = err instanceof Error ? err.message : String(err);
        return refuse(
          503,
          `Unavailable: the token could not be checked (${reason}); try again shortly`,
        );
      },
    );
  };
}

const ANONYMOUS: Omit<Caller, "address"> = {
  id: "anonymous",
  name: "anonymous (loopback, no token)",
  kind: "anonymous",
  roles: [],
};

/**
 * The caller's address: the socket's peer, or, when that peer is a trusted proxy, the nearest
 * address in X-Forwarded-For that is not itself a trusted proxy (read right to left, as each
 * proxy appends the address it saw).
 */
export function clientAddress(
  req: IncomingMessage,
  trustProxy: ((address: string) => boolean) | undefined,
): string | undefined {
  let address = req.socket.remoteAddress;
  if (!address || !trustProxy?.(address)) return address;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!trustProxy(address)) return address;
  }
  return address;
}

/**
 * Who calls a route whose token is optional without sending one, on a gateway that wants
 * tokens: nobody yet. Its kind is "anonymous" with no roles; the route must sign them in.
 */
export const UNAUTHENTICATED: Omit<Caller, "address"> = {
  id: "unauthenticated",
  name: "not signed in",
  kind: "anonymous",
  roles: [],
};

function refuse(status: Refusal["status"], message: string): GuardResult {
  return { refusal: { status, message } };
}

function withAddress(caller: Omit<Caller, "address">, address: string | undefined): Caller {
  return { ...caller, roles: [...caller.roles], ...(address ? { address } : {}) };
}

function bareToken(token: string): Known {
  const hashed = digest(token);
  // The id names the token without revealing it: 8 hex digits of its digest.
  const id = `token-${hashed.toString("hex").slice(0, 8)}`;
  return { digest: hashed, caller: { id, name: id, kind: "token", roles: [] } };
}

function named(client: ClientCredential): Known {
  const hashed =
    typeof client.tokenSha256 === "string"
      ? Buffer.from(client.tokenSha256, "hex")
      : client.tokenSha256;
  if (hashed.length !== 32) {
    throw new TypeError(`client ${client.id}: tokenSha256 must be a SHA-256 digest (64 hex)`);
  }
  return {
    digest: hashed,
    caller: {
      id: client.id,
      name: client.name ?? client.id,
      kind: "token",
      roles: client.roles ?? [],
      ...(client.tenant ? { tenant: client.tenant } : {}),
    },
  };
}

/** SHA-256 of a token, as the guard compares it (hashing makes every comparison equal length). */
export function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
