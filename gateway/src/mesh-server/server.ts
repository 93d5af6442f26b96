import {
  type Caller,
  envelopeResult,
  PlatformError,
  RELATED_CALL_META,
  setToolCallHandler,
  toEnvelope,
} from "@agent-mesh/core";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import {
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ServerCapabilities,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientRequests } from "../pipeline/context.js";
import { inputChecker } from "./check-input.js";
import type { MeshPart, MeshRequest } from "./types.js";

export interface MeshServerOptions {
  part: MeshPart;
  /**
   * The gateway call whose id the request carries in `_meta` (its caller, and its client's
   * answers to elicitation); undefined when no call of the mesh downstream has that id (a client
   * cannot name one: the gateway sets the id).
   */
  callOf(callId: unknown): { caller?: Caller; answers?: ClientRequests | undefined } | undefined;
  /** The URIs some session subscribed to, kept across reconnects. */
  subscriptions: Set<string>;
  /** Runs before a subscription is confirmed (to read what later changes compare with). */
  onSubscribe?: (uri: string) => Promise<void>;
}

/**
 * The MCP server behind the `mesh` downstream: the gateway's own tools, prompts and resources,
 * reached over an in-process transport like a first-party platform, so every call passes the
 * pipeline. Each request is answered for the caller the gateway vouches for.
 */
export function createMeshServer(options: MeshServerOptions): Server {
  const { part, subscriptions } = options;
  const tools = (part.tools ?? []).map((tool) => ({
    ...tool,
    check: inputChecker(tool.definition.inputSchema),
  }));
  const prompts = part.prompts ?? [];
  const resources = part.resources ?? [];
  const templates = (part.resourceTemplates ?? []).map((template) => ({
    template,
    matcher: new UriTemplate(template.definition.uriTemplate),
  }));
  const capabilities: ServerCapabilities = {
    ...(tools.length > 0 ? { tools: {} } : {}),
    ...(prompts.length > 0 ? { prompts: {} } : {}),
    ...(resources.length + templates.length > 0 ? { resources: { subscribe: true } } : {}),
  };
  const server = new Server(
    { name: "mesh", title: "agent-mesh gateway (its own tools)", version: "0.1.0" },
    { capabilities },
  );
  const asked = (
    meta: Record<string, unknown> | undefined,
    extra: { signal: AbortSignal },
  ): MeshRequest => {
    const call = options.callOf(meta?.[RELATED_CALL_META]);
    if (!call?.caller) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        "the mesh's own tools, prompts and resources answer only requests made through the gateway",
      );
    }
    return { caller: call.caller, signal: extra.signal, clientRequests: call.answers };
  };

  if (tools.length > 0) {
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: tools.map((tool) => tool.definition),
    }));
    // Installed so the gateway can run it directly (downstream/direct-call.ts), as for platforms.
    setToolCallHandler(server, async (request, extra) => {
      const tool = tools.find((t) => t.definition.name === request.params.name);
      if (!tool) {
        throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
      }
      const asker = asked(request.params._meta, extra);
      // The pipeline relays this call's progress to its client (when the client asked for it).
      const token = request.params._meta?.progressToken;
      if (token !== undefined) {
        asker.onProgress = (progress) =>
          extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken: token, ...progress },
          });
      }
      const args = request.params.arguments ?? {};
      const problem = tool.check(args);
      if (problem) {
        const error = new PlatformError("invalid_request", problem);
        return envelopeResult(toEnvelope("mesh", tool.definition.name, error));
      }
      return tool.call(args, asker);
    });
  }

  if (prompts.length > 0) {
    server.setRequestHandler(ListPromptsRequestSchema, async () => ({
      prompts: prompts.map((prompt) => prompt.definition),
    }));
    server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
      const prompt = prompts.find((p) => p.definition.name === request.params.name);
      if (!prompt) {
        throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
      }
      return prompt.get(request.params.arguments ?? {}, asked(request.params._meta, extra));
    });
  }

  if (capabilities.resources) {
    server.setRequestHandler(ListResourcesRequestSchema, async () => ({
      resources: resources.map((resource) => resource.definition),
    }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
      resourceTemplates: templates.map(({ template }) => template.definition),
    }));
    server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
      const { uri } = request.params;
      const resource = resources.find((r) => r.definition.uri === uri);
      if (resource) return resource.read(asked(request.params._meta, extra));
      for (const { template, matcher } of templates) {
        const variables = matcher.match(uri);
        if (!variables) continue;
        const result = await template.read(uri, variables, asked(request.params._meta, extra));
        if (result) return result;
      }
      throw new McpError(-32002, `Resource not found: ${uri}`);
    });
    server.setRequestHandler(SubscribeRequestSchema, async (request) => {
      subscriptions.add(request.params.uri);
      await options.onSubscribe?.(request.params.uri);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
      subscriptions.delete(request.params.uri);
      return {};
    });
  }
  return server;
}
