// Node-only parts of core: the Streamable HTTP listener (node:http) and stdio transports.
// Platform code imports "@agent-mesh/core"; bins and the gateway import these.
export type { McpHttpOptions, McpHttpServer } from "./http/listen.js";
export { ListenError, listenMcpHttp } from "./http/listen.js";
export type { ServeOptions } from "./serve.js";
export { serve } from "./serve.js";
export { JsonLines, serializeLine } from "./stdio-lines.js";
export { StdioServerTransport } from "./stdio-server-transport.js";
