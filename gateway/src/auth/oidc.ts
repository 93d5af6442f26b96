import type { Caller } from "@agent-mesh/core";
import type { Verdict } from "@agent-mesh/core/node";
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { OidcConfig } from "./config.js";

/**
 * Verifies access tokens of the identity provider in `auth.oidc`: a JWT signed by one of the
 * provider's keys (fetched from its JWKS, cached, refetched when a token names a new key), issued
 * by `issuer`, for `audience` (this gateway, RFC 8707), not expired. Its caller is the token's
 * subject with the roles and tenant of the configured claims.
 */
export class OidcVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly config: OidcConfig,
    private readonly fetchJson: (url: string) => Promise<unknown> = getJson,
  ) {}

  async verify(token: string): Promise<Verdict> {
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clock_tolerance,
      }));
    } catch (err) {
      return {
        refusal: { status: 401, error: "invalid_token", message: reason(err, this.config) },
      };
    }
    if (typeof payload.sub !== "string" || payload.sub === "") {
      return invalid("Unauthorized: the access token has no subject (`sub`)");
    }
    const roles = claim(payload, this.config.roles_claim);
    const tenant = claim(payload, this.config.tenant_claim);
    const caller: Omit<Caller, "address"> = {
      id: payload.sub,
      name: nameOf(payload),
      kind: "token",
      roles: toRoles(roles),
      ...(typeof tenant === "string" && tenant !== "" ? { tenant } : {}),
    };
    return { caller };
  }

  /** The provider's keys: jwks_url, else the jwks_uri of its OpenID configuration. */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().then((url) =>
      createRemoteJWKSet(new URL(url), {
        cooldownDuration: this.config.jwks_cooldown,
        timeoutDuration: 5_000,
      }),
    );
    // A failed discovery is retried on the next token, not remembered.
    this.keys.catch(() => {
      this.keys = undefined;
    });
    return this.keys;
  }

  private async discover(): Promise<string> {
    if (this.config.jwks_url) return this.config.jwks_url;
    const url = `${this.config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const document = (await this.fetchJson(url)) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.config.issuer) {
      throw new Error(
        `${url} names issuer ${JSON.stringify(document.issuer)}, not auth.oidc.issuer ${this.config.issuer}; copy the provider's issuer exactly`,
      );
    }
    if (typeof document.jwks_uri !== "string") {
      throw new Error(`${url} has no jwks_uri; set auth.oidc.jwks_url`);
    }
    return document.jwks_uri;
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function invalid(message: string): Verdict {
  return { refusal: { status: 401, error: "invalid_token", message } };
}

/** Why a token was refused, in words that say what to do; never the token itself. */
function reason(err: unknown, config: OidcConfig): string {
  if (err instanceof errors.JWTExpired)
    return "Unauthorized: the access token has expired; sign in again";
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "aud")
      return `Unauthorized: the access token is not for this gateway (its audience must be ${config.audience})`;
    if (err.claim === "iss")
      return `Unauthorized: the access token was issued by another issuer (this gateway trusts ${config.issuer})`;
    return `Unauthorized: the access token's ${err.claim} claim is not valid (${err.reason})`;
  }
  if (err instanceof errors.JWKSNoMatchingKey)
    return "Unauthorized: the access token is signed by a key the identity provider does not publish";
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return "Unauthorized: the access token's signature is not valid";
  // The provider cannot be reached: not the token's fault, so not a 401.
  if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) throw err;
  return "Unauthorized: the bearer token is not a valid access token of this gateway's identity provider";
}

/** A claim by name, or by a dotted path into nested objects (realm_access.roles). */
function claim(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function toRoles(value: unknown): string[] {
  if (typeof value === "string") return value.split(/[\s,]+/).filter((role) => role !== "");
  if (Array.isArray(value)) return value.filter((role): role is string => typeof role === "string");
  return [];
}

function nameOf(payload: JWTPayload): string {
  for (const key of ["preferred_username", "email", "name"]) {
    const value = payload[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return payload.sub as string;
}
