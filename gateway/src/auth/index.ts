import type { BearerVerifier, HttpRoute, Verdict } from "@agent-mesh/core/node";
import { openDatabase } from "../audit/database.js";
import type { MeshConfig } from "../config/schema.js";
import type { AuthConfig } from "./config.js";
import { KeyStore } from "./key-store.js";
import { isKeyLike } from "./key-token.js";
import { challengeFor, metadataRoutes } from "./metadata.js";
import { OidcVerifier } from "./oidc.js";

export { type AuthConfig, authSection, type RolesConfig, rolesSection } from "./config.js";
export { type ApiKey, KeyStore } from "./key-store.js";
export { BUILT_IN_ROLES, RoleBook, unknownParents } from "./roles.js";

/** What `auth:` adds to the HTTP server: a token verifier, a 401 challenge, public routes. */
export interface HttpAuth {
  verify: BearerVerifier;
  challenge?: (req: import("node:http").IncomingMessage) => string;
  routes: HttpRoute[];
  close(): Promise<void>;
}

/**
 * The gateway's sign-in per mesh.yaml's `auth:`: access tokens of the identity provider
 * (auth.oidc) and API keys from the mesh's database. Undefined without `auth:`.
 */
export function httpAuthFor(
  config: Pick<MeshConfig, "auth" | "database">,
  env: Record<string, string | undefined>,
): HttpAuth | undefined {
  const auth = config.auth;
  if (!auth) return undefined;
  const oidc = auth.oidc ? new OidcVerifier(auth.oidc) : undefined;
  let keys: Promise<KeyStore> | undefined;
  const keyStore = () => {
    keys ??= openDatabase(config.database, env).then((db) =>
      KeyStore.open(db).catch(async (err) => {
        await db.close().catch(() => {});
        throw err;
      }),
    );
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };
  return {
    verify: (token) => verifyToken(auth, token, keyStore, oidc),
    ...(auth.oidc ? { challenge: challengeFor(auth.oidc) } : {}),
    routes: auth.oidc ? metadataRoutes(auth.oidc) : [],
    async close() {
      const store = await keys?.catch(() => undefined);
      await store?.close();
    },
  };
}

async function verifyToken(
  auth: AuthConfig,
  token: string,
  keyStore: () => Promise<KeyStore>,
  oidc: OidcVerifier | undefined,
): Promise<Verdict> {
  if (auth.api_keys && isKeyLike(token)) {
    const checked = await (await keyStore()).check(token);
    if (checked.ok) {
      const { key } = checked;
      return {
        caller: {
          id: key.client,
          name: `${key.client} (API key ${key.id})`,
          kind: "token",
          roles: key.roles,
          ...(key.tenant ? { tenant: key.tenant } : {}),
        },
      };
    }
    const message =
      checked.reason === "expired"
        ? `Unauthorized: API key ${checked.key?.id} expired at ${checked.key?.expires_at}; create a new one with \`agent-mesh keys create\``
        : checked.reason === "revoked"
          ? `Unauthorized: API key ${checked.key?.id} was revoked at ${checked.key?.revoked_at}`
          : "Unauthorized: the API key is not one of this mesh's (see `agent-mesh keys list`)";
    return { refusal: { status: 401, error: "invalid_token", message } };
  }
  if (oidc) return oidc.verify(token);
  return {
    refusal: {
      status: 401,
      error: "invalid_token",
      message: "Unauthorized: the bearer token is not one of this gateway's",
    },
  };
}
