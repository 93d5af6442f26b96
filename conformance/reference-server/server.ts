import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { registerPrompts } from "./prompts.ts";
import { registerResources } from "./resources.ts";
import { WatchedResource } from "./subscriptions.ts";
import { registerTools } from "./tools/index.ts";

/**
 * The tools, resources and prompts that the server scenarios of @modelcontextprotocol/conformance
 * call, written from what each scenario checks. Mounted behind the gateway, it lets the suite
 * test the gateway's proxying of every kind of content, notification and client request.
 */
export function createReferenceServer(): McpServer {
  const server = new McpServer(
    { name: "conformance-reference", version: "0.0.0" },
    {
      capabilities: {
        logging: {},
        completions: {},
        resources: { subscribe: true, listChanged: true },
      },
    },
  );
  const watched = new WatchedResource(server);
  registerTools(server);
  registerResources(server, () => watched.current());
  watched.register();
  registerPrompts(server);
  server.server.onclose = () => watched.stop();
  return server;
}
