import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type ElicitRequest,
  ElicitResultSchema,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { setToolCallHandler } from "./direct-calls.js";
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

  // Installed so the gateway can call it directly in process (directToolCalls).
  setToolCallHandler(server, async (request, extra) => {
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
      // A gateway tags the call; the tag goes back on the elicitation so it reaches the caller.
      const related = request.params._meta?.[RELATED_CALL_META];
      const meta = typeof related === "string" ? { [RELATED_CALL_META]: related } : undefined;
      options.confirm = (message) =>
        extra.sendRequest(elicitation(message, meta), ElicitResultSchema).then(
          (answer) => answer.action === "accept" && answer.content?.confirm === true,
          // The client advertised elicitation but could not ask: fall back to the confirm token.
          () => undefined,
        );
    }
    return runtime.call(request.params.name, request.params.arguments, options);
  });

  return server;
}

/**
 * The `_meta` key a gateway puts on a tools/call and expects back on the elicitation that call
 * causes, so it can route the question to the client that made the call.
 */
export const RELATED_CALL_META = "io.agent-mesh/call";

function elicitation(message: string, meta: Record<string, unknown> | undefined): ElicitRequest {
  return {
    method: "elicitation/create",
    params: {
      mode: "form",
      message,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, do it" } },
        required: ["confirm"],
      },
      ...(meta ? { _meta: meta } : {}),
    },
  };
}
