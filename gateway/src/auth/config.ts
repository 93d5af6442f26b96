import { z } from "zod";

const claimPath = z
  .string()
  .regex(
    /^[A-Za-z0-9_:/.-]+$/,
    "a claim is a name, or a dotted path into the token (realm_access.roles)",
  );

/** `auth.oidc`: the identity provider whose access tokens the gateway accepts. */
const oidcSection = z.strictObject({
  /** The provider's issuer URL, exactly as tokens carry it in `iss`. */
  issuer: z.url({ protocol: /^https?$/, error: "issuer must be the provider's http(s) URL" }),
  /**
   * This gateway's resource identifier: its public MCP URL (https://mesh.example.com/mcp).
   * Only tokens whose `aud` holds it are accepted (RFC 8707).
   */
  audience: z.string().min(1, "audience cannot be empty"),
  /** The provider's JWKS; absent, found through <issuer>/.well-known/openid-configuration. */
  jwks_url: z.url({ protocol: /^https?$/, error: "jwks_url must be an http(s) URL" }).optional(),
  /** Where a token lists the caller's roles (default `roles`). */
  roles_claim: claimPath.default("roles"),
  /** Where a token names the caller's tenant (default `tenant`). */
  tenant_claim: claimPath.default("tenant"),
  /** Scopes clients should ask for, advertised in the protected resource metadata. */
  scopes: z.array(z.string().min(1)).default([]),
  /** Tolerated clock difference with the provider, in seconds. */
  clock_tolerance: z.number().int().min(0).max(300).default(30),
  /** Least time between two JWKS fetches; a token signed by an unknown key refetches after it. */
  jwks_cooldown: z.number().int().min(0).default(30_000),
});

/** `auth:` in mesh.yaml: sign-in with the identity provider, and API keys. */
export const authSection = z.strictObject({
  oidc: oidcSection.optional(),
  /** Accept API keys (`agent-mesh keys create`) as bearer tokens (default on). */
  api_keys: z.boolean().default(true),
});

export type AuthConfig = z.output<typeof authSection>;
export type OidcConfig = z.output<typeof oidcSection>;

const glob = z.string().min(1, "a pattern cannot be empty");

/** One role: which tools it may see and call. */
const roleSection = z.strictObject({
  /**
   * none: only `tools.allow`; read: read-only tools; write: read-only and non-destructive
   * writes; all: every tool.
   */
  access: z.enum(["none", "read", "write", "all"]).optional(),
  /** Roles whose grants this one has too. */
  extends: z.array(z.string().min(1)).default([]),
  tools: z
    .strictObject({
      /** Tools granted whatever their annotations (globs). */
      allow: z.array(glob).default([]),
      /** Tools refused to this role whatever else grants them (globs). */
      deny: z.array(glob).default([]),
    })
    .optional(),
});

/** `roles:` in mesh.yaml: new roles, and changes to the built-in viewer, deployer and admin. */
export const rolesSection = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "role names are letters, digits, _ . : -"),
    roleSection,
  )
  .default({});

export type RolesConfig = z.output<typeof rolesSection>;
export type RoleConfig = RolesConfig[string];
