// Node-only parts of core: the Streamable HTTP listener (node:http) and stdio transports.
// Platform code imports "@agent-mesh/core"; bins and the gateway import these.
export type { HttpRoute, McpHttpOptions, McpHttpServer } from "./http/listen.js";
export { LIVENESS_PATH, ListenError, listenMcpHttp } from "./http/listen.js";
export type { McpEndpointOptions } from "./http/mcp-endpoint.js";
export type {
  BearerVerifier,
  ClientCredential,
  Refusal,
  Verdict,
} from "./http/request-guard.js";
export { digest as tokenDigest, UNAUTHENTICATED } from "./http/request-guard.js";
export type { ServeOptions } from "./serve.js";
export { serve } from "./serve.js";
export type { JsonLinesOptions } from "./stdio-lines.js";
export { JsonLines, serializeLine } from "./stdio-lines.js";
export { StdioServerTransport } from "./stdio-server-transport.js";
