/** Attribute names from the OpenTelemetry semantic conventions (MCP, GenAI, HTTP, errors). */
export const ATTR = {
  mcpMethod: "mcp.method.name",
  mcpSession: "mcp.session.id",
  jsonrpcRequestId: "jsonrpc.request.id",
  toolName: "gen_ai.tool.name",
  operation: "gen_ai.operation.name",
  errorType: "error.type",
  networkTransport: "network.transport",
  serverAddress: "server.address",
  serverPort: "server.port",
  httpMethod: "http.request.method",
  httpStatus: "http.response.status_code",
  urlScheme: "url.scheme",
  urlPath: "url.path",
  // agent-mesh's own, where no convention exists.
  client: "agent_mesh.client.id",
  downstream: "agent_mesh.downstream",
  stage: "agent_mesh.stage",
} as const;
