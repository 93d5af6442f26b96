import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpRoute } from "@agent-mesh/core/node";
import type { OidcConfig } from "./config.js";

export const METADATA_PATH = "/.well-known/oauth-protected-resource";

/**
 * The protected resource's identifier: auth.oidc.audience when it is a URL (it should be the
 * gateway's public MCP URL), else this request's own /mcp URL.
 */
export function resourceOf(oidc: OidcConfig, req: IncomingMessage): string {
  if (/^https?:\/\//.test(oidc.audience)) return oidc.audience;
  return `${originOf(req)}/mcp`;
}

/** Where the metadata of `resource` lives (RFC 9728 section 3.1: the path goes after the well-known part). */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  return `${url.origin}${METADATA_PATH}${path}`;
}

/** The WWW-Authenticate parameter that sends a client to the metadata (MCP authorization). */
export function challengeFor(oidc: OidcConfig) {
  return (req: IncomingMessage) => `resource_metadata="${metadataUrl(resourceOf(oidc, req))}"`;
}

/** The RFC 9728 document: this resource, the provider that issues its tokens, how to send them. */
export function metadataDocument(oidc: OidcConfig, req: IncomingMessage): Record<string, unknown> {
  return {
    resource: resourceOf(oidc, req),
    authorization_servers: [oidc.issuer],
    bearer_methods_supported: ["header"],
    ...(oidc.scopes.length > 0 ? { scopes_supported: oidc.scopes } : {}),
    resource_name: "agent-mesh gateway",
    resource_documentation: "https://github.com/agent-mesh/agent-mesh/blob/main/docs/auth.md",
  };
}

/** GET /.well-known/oauth-protected-resource and its /mcp form, without a token. */
export function metadataRoutes(oidc: OidcConfig): HttpRoute[] {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify(metadataDocument(oidc, req));
    res.writeHead(200, {
      "content-type": "application/json",
      "cache-control": "max-age=300",
      "access-control-allow-origin": "*",
    });
    res.end(body);
  };
  return [
    { method: "GET", path: METADATA_PATH, handle, public: true },
    { method: "GET", path: `${METADATA_PATH}/mcp`, handle, public: true },
  ];
}

function originOf(req: IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? "https" : "http"}://${req.headers.host}`;
}
