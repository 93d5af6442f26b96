import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { PlatformDefinition } from "./platform.js";
import {
  type CallOptions,
  createRuntime,
  type PlatformRuntime,
  type RuntimeOptions,
} from "./runtime.js";
import type { Settings } from "./settings.js";

export interface ServerOptions extends RuntimeOptions {
  /** Share one runtime (config, idempotency, confirmations) across sessions, e.g. over HTTP. */
  runtime?: PlatformRuntime;
}

/**
 * Builds an MCP server for a platform. Nothing is connected or read from the environment until
 * this is called, so tests and the gateway can import platforms freely.
 */
export function createServer<S extends Settings, C>(
  platform: PlatformDefinition<S, C>,
  options: ServerOptions = {},
): Server {
  const runtime = options.runtime ?? createRuntime(platform, options);
  const server = new Server(
    {
      name: `@agent-mesh/mcp-${platform.name}`,
      title: `agent-mesh ${platform.title}`,
      version: platform.version,
    },
    {
      capabilities: { tools: { listChanged: false }, logging: {} },
      instructions: platform.description,
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: runtime.tools }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    const options: CallOptions = { signal: extra.signal };
    if (progressToken !== undefined) {
      options.onProgress = (progress, total, message) =>
        extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress, total, message },
        });
    }
    if (server.getClientCapabilities()?.elicitation?.form) {
      options.confirm = (message) => askToConfirm(server, message);
    }
    return runtime.call(request.params.name, request.params.arguments, options);
  });

  return server;
}

async function askToConfirm(server: Server, message: string): Promise<boolean | undefined> {
  try {
    const answer = await server.elicitInput({
      mode: "form",
      message,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, do it" } },
        required: ["confirm"],
      },
    });
    return answer.action === "accept" && answer.content?.confirm === true;
  } catch {
    // The client advertised elicitation but could not ask: fall back to the confirm token.
    return undefined;
  }
}
