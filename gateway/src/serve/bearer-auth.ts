import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/** Requires `Authorization: Bearer <token>` with one of `tokens` (compared in constant time). */
export function bearerAuth(tokens: readonly string[]): MiddlewareHandler {
  const digests = tokens.map(digest);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const given = match ? digest(match[1]!) : undefined;
    if (!given || !digests.some((known) => timingSafeEqual(known, given))) {
      return c.json(
        {
          jsonrpc: "2.0",
          error: {
            code: -32001,
            message: match
              ? "Unauthorized: the bearer token is not one of this gateway's tokens"
              : "Unauthorized: send Authorization: Bearer <token> (gateway.tokens in mesh.yaml)",
          },
          id: null,
        },
        401,
        { "WWW-Authenticate": 'Bearer realm="agent-mesh"' },
      );
    }
    await next();
  };
}

// Hashing first makes every comparison the same length, so timingSafeEqual never throws.
function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
